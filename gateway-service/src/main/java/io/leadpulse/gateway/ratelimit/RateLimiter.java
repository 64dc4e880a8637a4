package io.leadpulse.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadpulse.gateway.GatewaySettings;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One family of buckets (per IP, per user, per webhook sender) in a bounded map that forgets idle keys, so a flood of
 * distinct addresses cannot exhaust memory. Forgetting a key after {@code idleExpiry} is harmless as long as that is
 * longer than the time a bucket takes to refill.
 */
final class RateLimiter {

    private final String kind;
    private final GatewaySettings.Bucket bucket;
    private final LongSupplier nanoClock;
    private final Cache<String, TokenBucket> buckets;

    RateLimiter(String kind, GatewaySettings.Bucket bucket, long maxKeys, Duration idleExpiry, LongSupplier nanoClock) {
        this.kind = kind;
        this.bucket = bucket;
        this.nanoClock = nanoClock;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(idleExpiry)
                .ticker(nanoClock::getAsLong)
                .build();
    }

    String kind() {
        return kind;
    }

    TokenBucket.Decision tryAcquire(String key) {
        long now = nanoClock.getAsLong();
        return buckets.get(key, k -> new TokenBucket(bucket.capacity(), bucket.refillPerSecond(), now))
                .tryConsume(now);
    }
}
