package io.leadpulse.realtime.httpapi;

import io.leadpulse.realtime.RealtimeProperties;
import io.leadpulse.realtime.channels.RealtimeMetrics;
import io.leadpulse.realtime.fanout.MessagePublisher;
import io.leadpulse.realtime.fanout.RealtimeRecordCodec;
import io.leadpulse.realtime.protocol.PusherSignatures;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pusher's HTTP API on its own port ({@code realtime.http-api-port}, 8087 by default), a second
 * Reactor Netty server beside the WebFlux one: backends reach it directly with their Pusher server
 * SDK, and it is not behind the gateway or the JWT filter (requests are signed with the app secret).
 */
@Component
public class PusherHttpApiController implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PusherHttpApiController.class);
    /** Ten events of 10 KB plus their JSON. */
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final HttpApi api;
    private final int port;
    private volatile DisposableServer server;
    /** Its own event loop: the shared Reactor Netty loops belong to the web server's lifecycle. */
    private volatile LoopResources loops;

    public PusherHttpApiController(
            RealtimeProperties properties,
            PusherSignatures signatures,
            MessagePublisher publisher,
            RealtimeRecordCodec codec,
            JsonMapper realtimeJson,
            RealtimeMetrics metrics) {
        this.api = new HttpApi(
                properties.appId(),
                signatures,
                publisher,
                codec,
                realtimeJson,
                metrics,
                properties.maxEventDataBytes());
        this.port = properties.httpApiPort();
    }

    /** The bound port (useful when configured as 0), or -1 when the API is off. */
    public int port() {
        DisposableServer current = server;
        return current == null ? -1 : current.port();
    }

    @Override
    public void start() {
        if (port < 0) {
            return;
        }
        loops = LoopResources.create("realtime-http-api", 1, true);
        server = HttpServer.create()
                .runOn(loops)
                .port(port)
                .handle((request, response) -> {
                    String length = request.requestHeaders().get("Content-Length");
                    if (length != null && parse(length) > MAX_BODY_BYTES) {
                        return response.status(413)
                                .header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"error\":\"Body too large\"}"))
                                .then();
                    }
                    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
                    Map<String, String> query = new HashMap<>();
                    uri.parameters().forEach((key, values) -> query.put(key, values.getFirst()));
                    return request.receive()
                            .aggregate()
                            .asByteArray()
                            .defaultIfEmpty(new byte[0])
                            .flatMap(body -> body.length > MAX_BODY_BYTES
                                    ? Mono.just(new HttpApi.Response(413, "{\"error\":\"Body too large\"}"))
                                    : Mono.fromFuture(api.handle(
                                            new HttpApi.Request(request.method().name(), uri.path(), query, body))))
                            .flatMap(answer -> response.status(answer.status())
                                    .header("Content-Type", "application/json")
                                    .sendByteArray(Mono.just(answer.body().getBytes(StandardCharsets.UTF_8)))
                                    .then());
                })
                .bindNow();
        log.info("Pusher HTTP API listening on port {}", server.port());
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void stop() {
        DisposableServer current = server;
        if (current != null) {
            current.disposeNow();
            server = null;
        }
        LoopResources currentLoops = loops;
        if (currentLoops != null) {
            currentLoops.dispose();
            loops = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
