package io.leadpulse.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsABurstOfCapacityThenRefuses() {
        TokenBucket bucket = new TokenBucket(3, 1, 0);

        assertThat(bucket.tryConsume(0)).isEqualTo(new TokenBucket.Decision(true, 3, 2, 0));
        assertThat(bucket.tryConsume(0).remaining()).isEqualTo(1);
        assertThat(bucket.tryConsume(0).remaining()).isZero();
        assertThat(bucket.tryConsume(0).allowed()).isFalse();
    }

    @Test
    void refillsContinuouslyAtTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(2, 4, 0);
        bucket.tryConsume(0);
        bucket.tryConsume(0);

        assertThat(bucket.tryConsume(SECOND / 8).allowed()).isFalse();
        assertThat(bucket.tryConsume(SECOND / 4).allowed()).isTrue();
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, 100, 0);

        assertThat(bucket.tryConsume(3600 * SECOND).remaining()).isEqualTo(1);
    }

    @Test
    void retryAfterIsWholeSecondsUntilTheNextToken() {
        TokenBucket slow = new TokenBucket(1, 0.1, 0);
        slow.tryConsume(0);

        assertThat(slow.tryConsume(SECOND).retryAfterSeconds()).isEqualTo(9);
    }

    @Test
    void retryAfterIsAtLeastOneSecondEvenForFastBuckets() {
        TokenBucket fast = new TokenBucket(1, 1000, 0);
        fast.tryConsume(0);

        assertThat(fast.tryConsume(0).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void clockGoingBackwardsDoesNotMintTokens() {
        TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
        bucket.tryConsume(10 * SECOND);

        assertThat(bucket.tryConsume(5 * SECOND).allowed()).isFalse();
    }
}
