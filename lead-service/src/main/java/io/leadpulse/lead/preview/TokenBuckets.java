package io.leadpulse.lead.preview;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets by key (a preview token, a client address), in memory: each key may spend
 * {@code perMinute} events at once and earns them back at the same rate per minute. Per instance:
 * with N instances behind a load balancer a key may get up to N times the rate, which is fine for
 * a limit meant to stop floods rather than to bill. Idle buckets are forgotten by {@link #evictIdle}.
 */
final class TokenBuckets {

    private final double capacity;
    private final double tokensPerNano;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(int perMinute) {
        this.capacity = perMinute;
        this.tokensPerNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
    }

    /** Takes one token for {@code key}: empty when granted, else how long until one is there. */
    Optional<Duration> take(String key, long nowNanos) {
        return buckets.computeIfAbsent(key, k -> new Bucket(capacity, nowNanos)).take(nowNanos);
    }

    /** Forgets buckets that have filled up again: they would grant exactly what a new one grants. */
    int evictIdle(long nowNanos) {
        int before = buckets.size();
        buckets.values().removeIf(bucket -> bucket.isFull(nowNanos));
        return before - buckets.size();
    }

    int size() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.updatedNanos = nowNanos;
        }

        synchronized Optional<Duration> take(long nowNanos) {
            refill(nowNanos);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            long wait = (long) Math.ceil((1 - tokens) / tokensPerNano);
            return Optional.of(Duration.ofNanos(wait));
        }

        synchronized boolean isFull(long nowNanos) {
            refill(nowNanos);
            return tokens >= capacity;
        }

        private void refill(long nowNanos) {
            long elapsed = nowNanos - updatedNanos;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
                updatedNanos = nowNanos;
            }
        }
    }
}
