package io.leadpulse.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.GatewaySettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void keepsOneBucketPerKey() {
        RateLimiter limiter = limiter(Duration.ofMinutes(10));

        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.tryAcquire("b").allowed()).isTrue();
    }

    @Test
    void forgetsKeysIdleLongerThanTheExpiry() {
        RateLimiter limiter = limiter(Duration.ofMinutes(10));
        limiter.tryAcquire("a");

        nanos.addAndGet(Duration.ofMinutes(11).toNanos());

        assertThat(limiter.tryAcquire("a").remaining()).isZero();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    }

    private RateLimiter limiter(Duration idleExpiry) {
        return new RateLimiter("ip", new GatewaySettings.Bucket(1, 0.001), 1000, idleExpiry, nanos::get);
    }
}
