package io.leadpulse.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens the wrapped decoder verified, so that a client's next requests with the same token skip the RS256
 * signature check and the claim validation: that was the largest share of the gateway's CPU per authenticated request
 * (ADR 0029). The key is the whole compact token, signature included, so a token that differs in any byte (a tampered
 * payload, another signature) is a miss and goes to the decoder. Only successes are kept, never errors.
 *
 * <p>An entry lives until the token's {@code exp} or {@code maxAge}, whichever comes first, and is checked against the
 * wall clock on every hit. Withdrawing a signing key is not noticed later than without this cache: Spring Security's
 * reactive decoder keeps the key set it fetched until a token names a key id that set lacks. At most {@code maxSize}
 * tokens are held.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder decoder;
    private final InstantSource clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(ReactiveJwtDecoder decoder, long maxSize, Duration maxAge, InstantSource clock, Ticker ticker) {
        this.decoder = decoder;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> lifetime(jwt, maxAge)))
                .ticker(ticker)
                .recordStats()
                .build();
    }

    Cache<String, Jwt> cache() {
        return verified;
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null && !expired(known)) {
            return Mono.just(known);
        }
        return decoder.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }

    /** Caffeine's ticker bounds memory; this check against the wall clock is what keeps an expired token out. */
    private boolean expired(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && !clock.instant().isBefore(expiresAt);
    }

    private Duration lifetime(Jwt jwt, Duration maxAge) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return maxAge;
        }
        Duration left = Duration.between(clock.instant(), expiresAt);
        return left.isNegative() ? Duration.ZERO : (left.compareTo(maxAge) < 0 ? left : maxAge);
    }
}
