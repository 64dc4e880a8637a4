package io.leadpulse.billing.external;

import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records payments taken on an external platform as {@code EXTERNAL_PAYMENT} rows, once per org,
 * provider and external id. They are one-off revenue: never in MRR (which comes from Stripe
 * subscriptions), and kept out of the Stripe ledger's revenue and commission reads, which
 * therefore stay as they were. A newer version of a known payment only moves its status.
 */
@Service
class ExternalPayments {

    private static final Logger log = LoggerFactory.getLogger(ExternalPayments.class);

    private final ExternalPaymentRepository payments;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    ExternalPayments(ExternalPaymentRepository payments, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** Runs inside the idempotent consumer's transaction. */
    void record(IntegrationEvent.TransactionSynced t) {
        UUID id = UUID.randomUUID();
        if (payments.insert(id, t, clock.instant())) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("paymentId", id);
            data.put("provider", t.provider());
            data.put("amount", t.amountMinor());
            data.put("currency", t.currency());
            data.put("status", t.status());
            data.put("occurredAt", t.occurredAt());
            // An org-level figure (no payer details): the org channel (ADR 0005).
            outbox.publish(RealtimeMessage.of(
                    t.orgId(), List.of(RealtimeMessage.Channels.org(t.orgId())), "payment.external_recorded", data));
            meters.counter("billing.external.payments", "provider", t.provider(), "outcome", "recorded")
                    .increment();
            log.info(
                    "external payment recorded: id={} org={} provider={} external={} amount={} {}",
                    id,
                    t.orgId(),
                    t.provider(),
                    t.externalId(),
                    t.amountMinor(),
                    t.currency());
        } else if (payments.updateStatus(t)) {
            meters.counter("billing.external.payments", "provider", t.provider(), "outcome", "status_changed")
                    .increment();
            log.info(
                    "external payment status changed: org={} provider={} external={} status={}",
                    t.orgId(),
                    t.provider(),
                    t.externalId(),
                    t.status());
        } else {
            meters.counter("billing.external.payments", "provider", t.provider(), "outcome", "known")
                    .increment();
        }
    }
}
