package io.leadpulse.realtime.socket;

import io.leadpulse.realtime.channels.Connection;
import io.leadpulse.realtime.channels.PusherServer;
import io.leadpulse.realtime.channels.Transport;
import io.leadpulse.realtime.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The WebSocket at {@code /app/{key}}: bridges a Reactor Netty session to a {@link Connection}.
 * Outbound frames are the shared encoded bytes, wrapped (not copied) per socket.
 */
@Component
public class PusherSocketController implements WebSocketHandler {

    private final PusherServer server;

    public PusherSocketController(PusherServer server) {
        this.server = server;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        var uri = session.getHandshakeInfo().getUri();
        String path = uri.getPath();
        String key = path.substring(path.lastIndexOf('/') + 1);
        String protocol =
                UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("protocol");

        SessionTransport transport = new SessionTransport();
        Connection connection = server.open(key, protocol, transport);

        Flux<WebSocketMessage> outbound = Flux.<Frame>create(transport::attach, FluxSink.OverflowStrategy.BUFFER)
                .takeUntilOther(transport.aborted.asMono())
                .map(frame -> {
                    connection.written(frame);
                    return new WebSocketMessage(
                            WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame.bytes()));
                });
        Mono<Void> output = session.send(outbound)
                .onErrorResume(error -> Mono.empty())
                .then(Mono.defer(
                        () -> transport.closeStatus == null ? Mono.empty() : session.close(transport.closeStatus)));
        Mono<Void> input = session.receive()
                .doOnNext(message -> {
                    if (message.getType() == WebSocketMessage.Type.TEXT) {
                        server.onText(connection, message.getPayload().toString(StandardCharsets.UTF_8));
                    }
                })
                .then()
                .onErrorResume(error -> Mono.empty())
                .doFinally(signal -> {
                    server.closed(connection);
                    transport.terminate();
                });
        return Mono.when(output, input);
    }

    /**
     * Frames go into a {@link FluxSink} (thread-safe, lock-free) once the socket's writer has
     * subscribed; the few frames of the handshake that come before wait in a small list.
     */
    private static final class SessionTransport implements Transport {

        final Sinks.Empty<Void> aborted = Sinks.empty();
        volatile CloseStatus closeStatus;
        private volatile FluxSink<Frame> sink;
        private List<Frame> early = new ArrayList<>();
        private boolean completeOnAttach;

        void attach(FluxSink<Frame> attached) {
            synchronized (this) {
                early.forEach(attached::next);
                early = null;
                sink = attached;
                if (completeOnAttach) {
                    attached.complete();
                }
            }
        }

        @Override
        public void emit(Frame frame) {
            FluxSink<Frame> current = sink;
            if (current == null) {
                synchronized (this) {
                    if (sink == null) {
                        early.add(frame);
                        return;
                    }
                    current = sink;
                }
            }
            current.next(frame);
        }

        @Override
        public void close(int code, String reason, boolean flush) {
            closeStatus = new CloseStatus(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
            if (!flush) {
                aborted.tryEmitEmpty();
            }
            terminate();
        }

        void terminate() {
            FluxSink<Frame> current = sink;
            if (current == null) {
                synchronized (this) {
                    if (sink == null) {
                        completeOnAttach = true;
                        return;
                    }
                    current = sink;
                }
            }
            current.complete();
        }
    }
}
