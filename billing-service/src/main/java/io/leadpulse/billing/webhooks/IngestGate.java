package io.leadpulse.billing.webhooks;

import io.leadpulse.billing.BillingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Bounds how many Stripe deliveries are verified and stored at once. Requests run on virtual
 * threads: unbounded, an overload queues thousands of them on the connection pool until the heap
 * runs out (seen at 500/s on the benchmark machine). A delivery that finds no slot within the wait
 * is refused with 503 and Retry-After; Stripe retries it, so nothing is lost.
 */
@Component
public class IngestGate {

    private final Semaphore slots;
    private final Duration wait;
    private final MeterRegistry meters;

    @Autowired
    IngestGate(BillingProperties properties, MeterRegistry meters) {
        this.slots = new Semaphore(properties.webhooks().maxConcurrentIngests(), true);
        this.wait = properties.webhooks().ingestWait();
        this.meters = meters;
    }

    IngestGate(int slots, Duration wait, MeterRegistry meters) {
        this.slots = new Semaphore(slots, true);
        this.wait = wait;
        this.meters = meters;
    }

    /** Takes a slot, waiting at most the configured time; false means refuse the delivery. */
    public boolean enter() {
        try {
            if (slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.counter("billing.webhooks.received", "provider", "stripe", "result", "overloaded")
                .increment();
        return false;
    }

    public void leave() {
        slots.release();
    }

    public long retryAfterSeconds() {
        return Math.max(1, wait.toSeconds());
    }
}
