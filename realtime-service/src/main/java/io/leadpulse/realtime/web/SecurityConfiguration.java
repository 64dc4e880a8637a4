package io.leadpulse.realtime.web;

import io.leadpulse.realtime.channels.RealtimeMetrics;
import java.util.List;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;

/**
 * A stateless JWT resource server for {@code /api/**} (the gateway checked the token already; a
 * service reached directly is no weaker). Sockets at {@code /app/**} are open: they are authorised
 * per channel by signed subscriptions. 401 and 403 are problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain realtimeSecurity(ServerHttpSecurity http, RealtimeMetrics metrics) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, error) -> {
            metrics.authFailed("unauthenticated");
            return ProblemAdvice.write(exchange, HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
        };
        ServerAccessDeniedHandler forbidden =
                (exchange, error) -> ProblemAdvice.write(exchange, HttpStatus.FORBIDDEN, "You may not do this.");
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/api/**")
                        .authenticated()
                        .anyExchange()
                        .permitAll())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.jwtAuthenticationConverter(claims()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    /** Tokens without LeadPulse's claims (sub and org_id as UUIDs, a role) are refused with 401. */
    private static Converter<Jwt, Mono<AbstractAuthenticationToken>> claims() {
        return jwt -> {
            try {
                UUID.fromString(jwt.getSubject());
                UUID.fromString(jwt.getClaimAsString("org_id"));
                String role = jwt.getClaimAsString("role");
                if (role == null || role.isBlank()) {
                    throw new IllegalArgumentException("no role");
                }
                return Mono.just(new JwtAuthenticationToken(
                        jwt, List.of(new SimpleGrantedAuthority("ROLE_" + role)), jwt.getSubject()));
            } catch (IllegalArgumentException | NullPointerException e) {
                return Mono.error(new InvalidBearerTokenException("token lacks a valid sub, org_id or role claim"));
            }
        };
    }
}
