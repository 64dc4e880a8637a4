package io.leadpulse.realtime.socket;

import io.leadpulse.realtime.RealtimeProperties;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/** Maps {@code /app/{key}} to the Pusher socket and bounds the frames Netty accepts. */
@Configuration(proxyBeanMethods = false)
class SocketConfiguration {

    /** Frames above this are refused by Netty itself (close 1009); the protocol's own limits are lower. */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    /**
     * A write the peer does not take within {@code realtime.write-timeout} closes its socket: a
     * client that stopped reading can take neither its frames nor our close frame, and must not hold
     * buffers forever.
     */
    @Bean
    NettyServerCustomizer stalledPeerWriteTimeout(RealtimeProperties properties) {
        long millis = properties.writeTimeout().toMillis();
        return server -> server.doOnConnection(
                connection -> connection.addHandlerLast(new WriteTimeoutHandler(millis, TimeUnit.MILLISECONDS)));
    }

    @Bean
    HandlerMapping pusherSocketMapping(PusherSocketController controller) {
        return new SimpleUrlHandlerMapping(Map.of("/app/*", controller), -1);
    }

    @Bean
    WebFluxConfigurer pusherWebSocketService() {
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                        () -> WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME_BYTES)));
            }
        };
    }
}
