package io.leadpulse.gateway.ratelimit;

/** A classic token bucket: {@code capacity} tokens of burst, refilled continuously at {@code refillPerSecond}. */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final long capacity;
    private final double refillPerSecond;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(long capacity, double refillPerSecond, long nowNanos) {
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.tokens = capacity;
        this.lastRefillNanos = nowNanos;
    }

    synchronized Decision tryConsume(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastRefillNanos);
        tokens = Math.min(capacity, tokens + elapsed / NANOS_PER_SECOND * refillPerSecond);
        lastRefillNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return new Decision(true, capacity, (long) Math.floor(tokens), 0);
        }
        long retryAfter = (long) Math.ceil((1 - tokens) / refillPerSecond);
        return new Decision(false, capacity, 0, Math.max(1, retryAfter));
    }

    /** The outcome for one request; {@code retryAfterSeconds} is whole seconds, at least 1, when refused. */
    record Decision(boolean allowed, long limit, long remaining, long retryAfterSeconds) {}
}
