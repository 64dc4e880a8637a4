package io.leadpulse.realtime.socket;

import io.leadpulse.realtime.channels.PusherServer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Serves {@code /app/{key}} as a Reactor Netty WebSocket route on the service's own port, ahead of
 * Spring WebFlux (ADR 0013): a socket lives for hours, and going through WebFlux kept the upgrade
 * exchange, its attributes, headers and HTTP observations alive for as long, about 6 KiB a socket.
 * The route keeps only the app key and protocol from the upgrade request.
 */
@Configuration(proxyBeanMethods = false)
class SocketConfiguration {

    /** Frames above this are refused by Netty itself (close 1009); the protocol's own limits are lower. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    @Bean
    NettyRouteProvider pusherSocketRoute(PusherServer server) {
        WebsocketServerSpec spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .build();
        return routes -> routes.get("/app/{key}", (request, response) -> {
            if (!request.requestHeaders().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
                return response.status(HttpResponseStatus.UPGRADE_REQUIRED)
                        .header(HttpHeaderNames.UPGRADE, "websocket")
                        .sendString(reactor.core.publisher.Mono.just("Pusher protocol over WebSocket only\n"));
            }
            String key = request.param("key");
            List<String> protocol =
                    new QueryStringDecoder(request.uri()).parameters().get("protocol");
            String version = protocol == null || protocol.isEmpty() ? null : protocol.getFirst();
            return response.sendWebsocket(
                    (in, out) -> PusherSocket.serve(server, key, version, in, out, MAX_FRAME_BYTES), spec);
        });
    }
}
