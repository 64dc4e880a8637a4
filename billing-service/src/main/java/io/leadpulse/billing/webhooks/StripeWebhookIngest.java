package io.leadpulse.billing.webhooks;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import io.leadpulse.billing.BillingProperties;
import io.leadpulse.platform.eventing.outbox.TraceparentSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Verifies a Stripe delivery with stripe-java and stores it under its event id. Nothing is stored
 * unless one of the configured secrets verifies the signature within the tolerance; a second
 * delivery of a stored id changes nothing. Processing happens later, from the store
 * ({@link StripeEventWorker}), so answering Stripe never waits on Kafka or on the business rules.
 */
@Service
public class StripeWebhookIngest {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookIngest.class);

    private final StripeEventRepository events;
    private final BillingProperties.Webhooks settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final StripeEventWorker worker;
    private final TraceparentSource traceparent;

    StripeWebhookIngest(
            StripeEventRepository events,
            BillingProperties properties,
            Clock clock,
            MeterRegistry meters,
            StripeEventWorker worker,
            TraceparentSource traceparent) {
        this.traceparent = traceparent;
        this.events = events;
        this.settings = properties.webhooks();
        this.clock = clock;
        this.meters = meters;
        this.worker = worker;
    }

    /** What became of a verified delivery. */
    public record Result(String eventId, boolean duplicate) {}

    /** A delivery that must be answered 400 and stores nothing. */
    public static final class RejectedWebhookException extends RuntimeException {
        RejectedWebhookException(String message) {
            super(message);
        }
    }

    public Result ingest(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            count("bad_signature");
            log.warn("stripe webhook rejected: no Stripe-Signature header");
            throw new RejectedWebhookException("Missing Stripe-Signature header.");
        }
        if (payload == null || payload.isBlank()) {
            count("malformed");
            log.warn("stripe webhook rejected: empty body");
            throw new RejectedWebhookException("Empty body.");
        }
        Event event = verify(payload, signatureHeader);
        if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
            count("malformed");
            log.warn("stripe webhook rejected: signed body is not an event (no id, type or created)");
            throw new RejectedWebhookException("The body is not a Stripe event.");
        }
        return store(event.getId(), event.getType(), Instant.ofEpochSecond(event.getCreated()), payload, "webhook");
    }

    /**
     * Stores an event already known to be genuine (the reconciliation job reads it from Stripe's
     * API with the secret key), through the same unique id as the webhook.
     */
    public Result store(String id, String type, Instant created, String payload, String source) {
        boolean inserted =
                events.insertIfAbsent(id, type, created, payload, source, clock.instant(), traceparent.current());
        if (!inserted) {
            count("duplicate");
            log.info("stripe event duplicate ignored: id={} type={} source={}", id, type, source);
            return new Result(id, true);
        }
        count("accepted");
        log.info("stripe event stored: id={} type={} source={}", id, type, source);
        worker.wake();
        return new Result(id, false);
    }

    private Event verify(String payload, String signatureHeader) {
        SignatureVerificationException last = null;
        for (String secret : settings.secrets()) {
            try {
                return Webhook.constructEvent(
                        payload, signatureHeader, secret, settings.tolerance().toSeconds(), clock);
            } catch (SignatureVerificationException e) {
                last = e;
            } catch (RuntimeException e) {
                // stripe-java parses the body with Gson before checking the signature: a body that
                // is not JSON fails here, whoever signed it.
                count("malformed");
                log.warn(
                        "stripe webhook rejected: body is not a JSON event ({})",
                        e.getClass().getSimpleName());
                throw new RejectedWebhookException("The body is not a JSON Stripe event.");
            }
        }
        count("bad_signature");
        log.warn("stripe webhook rejected: {}", last == null ? "no secret" : last.getMessage());
        throw new RejectedWebhookException("Invalid Stripe signature.");
    }

    private void count(String result) {
        meters.counter("billing.webhooks.received", "provider", "stripe", "result", result)
                .increment();
    }
}
