package io.leadpulse.platform.eventing.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DrainerTest {

    private final AtomicInteger drains = new AtomicInteger();
    private final CountDownLatch firstDrainRunning = new CountDownLatch(1);
    private final CountDownLatch releaseFirstDrain = new CountDownLatch(1);

    @Test
    void wakesDuringADrainQueueExactlyOneMoreAndWakesWhileQueuedAddNothing() throws Exception {
        try (Drainer drainer = new Drainer("test-drainer", this::drain)) {
            drainer.wake();
            assertThat(firstDrainRunning.await(10, TimeUnit.SECONDS)).isTrue();

            // work stored while the first drain runs: three wakes, one more drain
            drainer.wake();
            drainer.wake();
            drainer.wake();
            releaseFirstDrain.countDown();
            await().untilAtomic(drains, equalTo(2));

            // and no third: a negative, so it can only be watched for a while
            await().pollDelay(Duration.ofMillis(300))
                    .untilAsserted(() -> assertThat(drains).hasValue(2));
        }
    }

    @Test
    void aFailingDrainDoesNotStopLaterOnes() {
        AtomicInteger calls = new AtomicInteger();
        try (Drainer drainer = new Drainer("test-drainer", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
        })) {
            drainer.wake();
            await().untilAtomic(calls, equalTo(1));
            drainer.wake();
            await().untilAtomic(calls, equalTo(2));
        }
    }

    @Test
    void wakingAClosedDrainerIsHarmless() {
        Drainer drainer = new Drainer("test-drainer", drains::incrementAndGet);
        drainer.close();

        drainer.wake();
        drainer.wake();

        assertThat(drains).hasValue(0);
    }

    private void drain() {
        if (drains.incrementAndGet() == 1) {
            firstDrainRunning.countDown();
            try {
                releaseFirstDrain.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
