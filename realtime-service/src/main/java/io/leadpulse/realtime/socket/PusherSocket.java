package io.leadpulse.realtime.socket;

import io.leadpulse.realtime.channels.Connection;
import io.leadpulse.realtime.channels.PusherServer;
import io.leadpulse.realtime.channels.Transport;
import io.leadpulse.realtime.protocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One Pusher socket on a Reactor Netty WebSocket: inbound text frames go to {@link PusherServer} on
 * the socket's event loop; outbound frames are handed to the {@link LoopWriter} of the socket's
 * event loop, which frames each once for the wire, writes a view of those bytes to every socket and
 * flushes in batches.
 */
final class PusherSocket implements Transport {

    /** How long an aborted socket's close frame may take before the connection is cut. */
    private static final long ABORT_GRACE_MILLIS = 1_000;

    private final Channel channel;
    private final WebsocketOutbound out;
    private final LoopWriter writer;
    // Touched only on the event loop, by the LoopWriter: written to since its last flush.
    boolean touched;
    // Set before any write can complete: writes complete on the event loop, after serve() returns.
    private volatile Connection connection;

    private PusherSocket(Channel channel, WebsocketOutbound out) {
        this.channel = channel;
        this.out = out;
        this.writer = LoopWriter.of(channel.eventLoop());
    }

    static Publisher<Void> serve(
            PusherServer server,
            String key,
            String protocol,
            WebsocketInbound in,
            WebsocketOutbound out,
            int maxBytes) {
        Channel[] channel = new Channel[1];
        in.withConnection(connection -> channel[0] = connection.channel());
        PusherSocket socket = new PusherSocket(channel[0], out);
        Connection connection = server.open(key, protocol, socket);
        socket.connection = connection;
        return in.aggregateFrames(maxBytes)
                .receiveFrames()
                .doOnNext(frame -> {
                    if (frame instanceof TextWebSocketFrame text) {
                        server.onText(connection, text.text());
                    }
                })
                .then()
                .onErrorResume(error -> Mono.empty())
                .doFinally(signal -> server.closed(connection));
    }

    @Override
    public void emit(Frame frame) {
        writer.write(this, frame);
    }

    /** Writes {@code wire}, the frame already framed for the wire (one reference, released by Netty). */
    void writeOnLoop(Frame frame, ByteBuf wire) {
        if (!connection.admit(frame)) {
            wire.release();
            return;
        }
        channel.write(wire).addListener(future -> connection.written(frame, future.isSuccess()));
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    void flushOnLoop() {
        channel.flush();
    }

    @Override
    public void close(int code, String reason, boolean flush) {
        String shortReason = reason.length() > 120 ? reason.substring(0, 120) : reason;
        if (flush) {
            writer.after(this, () -> sendCloseOnLoop(code, shortReason));
        } else {
            channel.eventLoop().execute(() -> sendCloseOnLoop(code, shortReason));
            // A client that stopped reading cannot take the close frame either: cut it loose.
            channel.eventLoop().schedule(() -> channel.close(), ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The close frame, unless the peer has already gone (a close decided on, by a drain or the activity check, that
     * raced the client's own disconnect). Reactor Netty's {@code sendClose} on a closed socket hands the socket's
     * {@code AbortedException} to its inbound a second time, which Reactor logs as an ERROR with a stack trace, and
     * never frees the close frame. On the event loop, so the socket cannot close between the check and the send.
     */
    private void sendCloseOnLoop(int code, String reason) {
        if (channel.isActive()) {
            out.sendClose(code, reason).subscribe(null, error -> channel.close());
        }
    }
}
