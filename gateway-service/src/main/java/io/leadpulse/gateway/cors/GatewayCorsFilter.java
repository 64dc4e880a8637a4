package io.leadpulse.gateway.cors;

import io.leadpulse.gateway.GatewayExchange;
import io.leadpulse.gateway.GatewaySettings;
import io.leadpulse.gateway.problem.Problem;
import io.leadpulse.gateway.problem.Problems;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for every route, answered here before authentication so that preflights never need a token. WebSocket
 * handshakes are left to realtime-service: browsers apply no CORS to them and the socket is authorised per channel.
 */
@Component
class GatewayCorsFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final CorsConfiguration configuration;
    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final Problems problems;

    GatewayCorsFilter(GatewaySettings settings, Problems problems) {
        this.configuration = configuration(settings.cors());
        this.problems = problems;
    }

    static CorsConfiguration configuration(GatewaySettings.Cors cors) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        configuration.setAllowedHeaders(List.of(CorsConfiguration.ALL));
        configuration.setExposedHeaders(List.of(
                GatewayExchange.REQUEST_ID_HEADER,
                HttpHeaders.RETRY_AFTER,
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                HttpHeaders.WWW_AUTHENTICATE,
                HttpHeaders.LOCATION,
                HttpHeaders.CONTENT_DISPOSITION,
                HttpHeaders.ETAG));
        configuration.setAllowCredentials(true);
        configuration.setMaxAge(cors.maxAge());
        return configuration;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())
                || "websocket"
                        .equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            return chain.filter(exchange);
        }
        boolean allowed = processor.process(configuration, exchange);
        if (!allowed) {
            String origin = exchange.getRequest().getHeaders().getOrigin();
            return problems.write(
                    exchange,
                    Problem.of(
                            HttpStatus.FORBIDDEN,
                            "cors-rejected",
                            "Cross-origin request from " + origin + " is not allowed (method, headers or origin)."));
        }
        if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return Mono.empty();
        }
        return chain.filter(exchange);
    }
}
