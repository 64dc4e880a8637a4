package io.leadpulse.gateway.ratelimit;

import java.net.InetSocketAddress;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per client address, before authentication so that a flood costs no signature checks. The address is the peer's,
 * or the client's as told by a trusted proxy ({@code spring.cloud.gateway.server.webflux.trusted-proxies}).
 * Webhooks use their own, larger buckets; actuator probes are never limited.
 */
@Component
class ClientAddressRateLimitFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final RateLimits limits;

    ClientAddressRateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!limits.enabled || path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        RateLimiter limiter = path.startsWith("/webhooks/") ? limits.webhooks : limits.perIp;
        return limits.apply(limiter, clientAddress(exchange), exchange, chain);
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
