package io.leadpulse.gateway.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.leadpulse.gateway.GatewaySettings;
import io.leadpulse.gateway.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * JWT (keys from the JWKS URI, issuer checked; see {@code spring.security.oauth2.resourceserver.jwt.*}) on /api except
 * the open endpoints; everything else is open. The filter chain is matched to /api only, so that preview pages,
 * webhooks, sockets and the console do not run Spring Security's filters for nothing (CPU per request, ADR 0028);
 * Spring Security's firewall still screens every request. The Authorization header travels downstream unchanged and
 * the services check it again. Stateless: no session, no CSRF (no cookies are trusted), no saved requests. Security
 * headers are left to the services so that their responses pass through as they are.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain gatewaySecurity(
            ServerHttpSecurity http,
            GatewaySettings settings,
            Problems problems,
            ReactiveJwtDecoder jwtDecoder,
            MeterRegistry meters) {
        List<OpenEndpoint> open = settings.security().openEndpoints().stream()
                .map(OpenEndpoint::parse)
                .toList();
        ServerWebExchangeMatcher openMatcher = new OrServerWebExchangeMatcher(open.stream()
                .map(endpoint -> (ServerWebExchangeMatcher)
                        new PathPatternParserServerWebExchangeMatcher(endpoint.pattern(), endpoint.method()))
                .toList());
        ServerWebExchangeMatcher api = ServerWebExchangeMatchers.pathMatchers("/api/**");
        var entryPoint = new ProblemAuthenticationEntryPoint(problems);
        var accessDenied = new ProblemAccessDeniedHandler(problems);

        http.securityMatcher(api)
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> {
                    open.forEach(endpoint -> {
                        if (endpoint.method() != null) {
                            exchanges
                                    .pathMatchers(endpoint.method(), endpoint.pattern())
                                    .permitAll();
                        } else {
                            exchanges.pathMatchers(endpoint.pattern()).permitAll();
                        }
                    });
                    List<String> adminOnly = settings.security().adminOnlyPaths();
                    if (!adminOnly.isEmpty()) {
                        exchanges.pathMatchers(adminOnly.toArray(String[]::new)).hasRole("ADMIN");
                    }
                    exchanges.anyExchange().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(exceptOpen(openMatcher))
                        .jwt(jwt -> jwt.jwtDecoder(
                                        verifiedTokenCache(keyFailuresAsJwtErrors(jwtDecoder), settings, meters))
                                .jwtAuthenticationConverter(roleClaimConverter()))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied));
        return http.build();
    }

    /**
     * Reads the bearer token only where it is needed: a stale token on the login endpoint must not turn an open request
     * into a 401. (The chain itself runs on /api only.)
     */
    private static ServerAuthenticationConverter exceptOpen(ServerWebExchangeMatcher openMatcher) {
        BearerTokenConverter bearer = new BearerTokenConverter();
        return exchange -> openMatcher
                .matches(exchange)
                .filter(match -> !match.isMatch())
                .flatMap(match -> bearer.convert(exchange));
    }

    private static ReactiveJwtDecoder verifiedTokenCache(
            ReactiveJwtDecoder decoder, GatewaySettings settings, MeterRegistry meters) {
        GatewaySettings.VerifiedTokens verified = settings.security().verifiedTokens();
        if (verified.maxSize() == 0) {
            return decoder;
        }
        VerifiedTokenCache cache = new VerifiedTokenCache(
                decoder, verified.maxSize(), verified.maxAge(), Clock.systemUTC(), Ticker.systemTicker());
        CaffeineCacheMetrics.monitor(meters, cache.cache(), "gateway.verified_tokens");
        return cache;
    }

    /**
     * Spring Security observes every filter of the chain, every authentication and every authorisation with a span
     * and a timer of its own, and decorates the chain to do so even when those observations are disabled by
     * predicate; the gateway's request observation already times and traces each request (ADR 0028).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security turns a {@link JwtException} that is not about the token itself into an
     * AuthenticationServiceException (answered 503 by the gateway); failing to fetch the key set surfaces as other
     * exceptions, or as nothing at all when the JWKS answer is empty, which would otherwise end as a 500.
     */
    private static ReactiveJwtDecoder keyFailuresAsJwtErrors(ReactiveJwtDecoder decoder) {
        return token -> decoder.decode(token)
                .onErrorMap(
                        error -> !(error instanceof JwtException),
                        error -> new JwtException("Could not obtain the signing keys", error))
                .switchIfEmpty(Mono.error(() -> new JwtException("The signing key set (JWKS) was empty")));
    }

    /** Tokens carry {@code role} (ADMIN or REP) and {@code sub}, the principal name used for per-user limits. */
    private static ReactiveJwtAuthenticationConverterAdapter roleClaimConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("role");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }
}
