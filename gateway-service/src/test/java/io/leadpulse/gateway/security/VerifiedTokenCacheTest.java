package io.leadpulse.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.gateway.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** The cache in front of a real RS256 decoder with the issuer and timestamp checks the gateway uses. */
class VerifiedTokenCacheTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger verifications = new AtomicInteger();
    private final ReactiveJwtDecoder counted = countVerifications(realDecoder());

    private VerifiedTokenCache cache(long maxSize, Duration maxAge) {
        return new VerifiedTokenCache(counted, maxSize, maxAge, now::get, nanos::get);
    }

    private void advance(Duration by) {
        now.updateAndGet(instant -> instant.plus(by));
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aTokenSeenAgainIsNotVerifiedAgain() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        String token = TestTokens.rep();

        Jwt first = cache.decode(token).block();
        Jwt second = cache.decode(token).block();

        assertThat(second.getSubject()).isEqualTo(first.getSubject());
        assertThat(second.getClaimAsString("role")).isEqualTo("REP");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aTamperedCopyOfAVerifiedTokenIsVerifiedAndRejected() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        String token = TestTokens.rep();
        cache.decode(token).block();
        String[] parts = token.split("\\.");

        String otherSignature =
                parts[0] + "." + parts[1] + "." + TestTokens.admin().split("\\.")[2];

        assertThatThrownBy(() -> cache.decode(otherSignature).block()).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cache.decode(TestTokens.tampered()).block()).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void rejectionsAreNotRemembered() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        String forged = TestTokens.signedWithForgerKey();

        assertThatThrownBy(() -> cache.decode(forged).block()).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cache.decode(forged).block()).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(2);
        assertThat(cache.cache().estimatedSize()).isZero();
    }

    @Test
    void aTokenIsNotServedFromTheCachePastItsExpiry() {
        VerifiedTokenCache cache = cache(100, Duration.ofHours(1));
        String token = TestTokens.signed(
                TestTokens.SIGNING_KEY,
                TestTokens.claims(UUID.randomUUID().toString(), "REP")
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(2))))
                        .build());
        cache.decode(token).block();
        cache.decode(token).block();
        assertThat(verifications).hasValue(1);

        // Only this cache's clock moves: for the real decoder the token is still valid, so a second verification
        // (and not an error) is what shows that the cache stopped answering for it.
        advance(Duration.ofMinutes(3));
        cache.decode(token).block();

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aVerificationIsReusedForAtMostMaxAge() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(1));
        String token = TestTokens.rep();
        cache.decode(token).block();

        advance(Duration.ofSeconds(59));
        cache.decode(token).block();
        assertThat(verifications).hasValue(1);

        advance(Duration.ofSeconds(2));
        cache.decode(token).block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void holdsAtMostMaxSizeTokens() {
        VerifiedTokenCache cache = cache(10, Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            cache.decode(TestTokens.rep()).block();
        }
        cache.cache().cleanUp();

        assertThat(cache.cache().estimatedSize()).isLessThanOrEqualTo(10);
    }

    private static ReactiveJwtDecoder realDecoder() {
        try {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(
                            TestTokens.SIGNING_KEY.toRSAPublicKey())
                    .build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(TestTokens.ISSUER));
            return decoder;
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private ReactiveJwtDecoder countVerifications(ReactiveJwtDecoder decoder) {
        return token -> {
            verifications.incrementAndGet();
            return decoder.decode(token);
        };
    }
}
