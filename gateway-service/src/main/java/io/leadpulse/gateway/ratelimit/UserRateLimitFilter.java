package io.leadpulse.gateway.ratelimit;

import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per authenticated user (the token's {@code sub}) on /api; runs after Spring Security's filter chain (order -100), so
 * the principal is known and only valid tokens spend a user's tokens.
 */
@Component
class UserRateLimitFilter implements WebFilter, Ordered {

    static final int ORDER = 0;

    private final RateLimits limits;

    UserRateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limits.enabled || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> principal.getName())
                .flatMap(user ->
                        limits.apply(limits.perUser, user, exchange, chain).thenReturn(Boolean.TRUE))
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(Boolean.TRUE)))
                .then();
    }
}
