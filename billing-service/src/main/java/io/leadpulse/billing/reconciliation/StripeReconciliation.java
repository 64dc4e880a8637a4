package io.leadpulse.billing.reconciliation;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import io.leadpulse.billing.BillingProperties;
import io.leadpulse.billing.webhooks.StripeWebhookIngest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Walks Stripe's event list ({@code GET /v1/events}) from a stored cursor and stores every event
 * the webhooks missed through the same unique id as the webhook ({@link StripeWebhookIngest#store}),
 * so the worker applies it exactly as if it had been delivered; an event already stored is a
 * duplicate and changes nothing. Events read from the API with the secret key are genuine: they
 * need no signature. Drift (events found only here) is a metric. Runs only with a secret key.
 */
@Service
public class StripeReconciliation {

    private static final Logger log = LoggerFactory.getLogger(StripeReconciliation.class);
    private static final String CURSOR = "stripe-events";
    private static final long PAGE = 100;

    private final ObjectProvider<StripeClient> stripe;
    private final StripeWebhookIngest ingest;
    private final ReconciliationCursorRepository cursors;
    private final BillingProperties.Reconciliation settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicLong lastMissed = new AtomicLong();

    StripeReconciliation(
            ObjectProvider<StripeClient> stripe,
            StripeWebhookIngest ingest,
            ReconciliationCursorRepository cursors,
            BillingProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.stripe = stripe;
        this.ingest = ingest;
        this.cursors = cursors;
        this.settings = properties.reconciliation();
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("billing.reconciliation.drift", lastMissed, AtomicLong::get)
                .description("Events the last reconciliation found that the webhooks had not delivered")
                .register(meters);
    }

    /** What one walk saw: events listed, and of them the ones billing did not have. */
    public record Result(int listed, int missed) {}

    @Scheduled(
            fixedDelayString = "${billing.reconciliation.interval:5m}",
            initialDelayString = "${billing.reconciliation.interval:5m}")
    void scheduled() {
        if (stripe.getIfAvailable() == null) {
            return;
        }
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("stripe reconciliation failed: {}", e.toString());
        }
    }

    public Result reconcile() {
        StripeClient client = stripe.getIfAvailable();
        if (client == null) {
            return new Result(0, 0);
        }
        Instant now = clock.instant();
        Instant cursor = cursors.get(CURSOR).orElse(now.minus(settings.initialLookback()));
        Instant from = cursor.minus(settings.overlap());
        int listed = 0;
        int missed = 0;
        Instant newest = cursor;
        String startingAfter = null;
        try {
            while (true) {
                EventListParams.Builder params = EventListParams.builder()
                        .setCreated(EventListParams.Created.builder()
                                .setGte(from.getEpochSecond())
                                .build())
                        .setLimit(PAGE);
                if (startingAfter != null) {
                    params.setStartingAfter(startingAfter);
                }
                StripeCollection<Event> page = client.v1().events().list(params.build());
                for (Event event : page.getData()) {
                    listed++;
                    Instant created = Instant.ofEpochSecond(event.getCreated());
                    if (created.isAfter(newest)) {
                        newest = created;
                    }
                    // The event as stripe-java read it (its data.object is kept as Stripe's JSON).
                    String raw = event.toJson();
                    if (!ingest.store(event.getId(), event.getType(), created, raw, "reconciliation")
                            .duplicate()) {
                        missed++;
                        log.warn(
                                "stripe event missed by webhooks, stored by reconciliation: id={} type={}",
                                event.getId(),
                                event.getType());
                    }
                    startingAfter = event.getId();
                }
                if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
                    break;
                }
            }
        } catch (StripeException e) {
            meters.counter("billing.reconciliation.failures").increment();
            throw new IllegalStateException("Stripe event list failed: " + e.getCode(), e);
        }
        cursors.advance(CURSOR, newest, now);
        lastMissed.set(missed);
        meters.counter("billing.reconciliation.missed").increment(missed);
        log.info("stripe reconciliation: listed={} missed={} from={} cursor={}", listed, missed, from, newest);
        return new Result(listed, missed);
    }
}
