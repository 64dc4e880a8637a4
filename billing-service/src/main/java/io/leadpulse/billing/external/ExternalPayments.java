package io.leadpulse.billing.external;

import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.LeadEvent;
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
import org.springframework.transaction.annotation.Transactional;

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

    /** Keeps what finds a payer's lead: its email and phone, from lead.events (idempotent by itself: newest change wins). */
    @Transactional
    void applyInTransaction(LeadEvent event) {
        switch (event) {
            case LeadEvent.LeadCreated c ->
                payments.upsertLeadContact(c.orgId(), c.leadId(), c.email(), c.phone(), false, c.createdAt());
            case LeadEvent.LeadUpdated u ->
                payments.upsertLeadContact(u.orgId(), u.leadId(), u.email(), u.phone(), false, u.updatedAt());
            case LeadEvent.LeadDeleted d ->
                payments.upsertLeadContact(d.orgId(), d.leadId(), null, null, true, d.deletedAt());
            default -> {
                // nothing else changes who a payer is
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The platform's phone in E.164 when it is written with a country code ({@code +1 312 555 0100}); else null. */
    private static String e164(String phone) {
        if (phone == null || !phone.trim().startsWith("+")) {
            return null;
        }
        return "+" + phone.replaceAll("[^0-9]", "");
    }

    /** Runs inside the idempotent consumer's transaction. */
    void record(IntegrationEvent.TransactionSynced t) {
        UUID id = UUID.randomUUID();
        UUID leadId = payments.leadOf(t.orgId(), blankToNull(t.contactEmail()), e164(t.contactPhone()))
                .orElse(null);
        if (payments.insert(id, t, leadId, clock.instant())) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("paymentId", id);
            data.put("provider", t.provider());
            data.put("amount", t.amountMinor());
            data.put("currency", t.currency());
            data.put("status", t.status());
            data.put("leadId", leadId);
            data.put("occurredAt", t.occurredAt());
            // An org-level figure (no payer details): the org channel (ADR 0005).
            outbox.publish(RealtimeMessage.of(
                    t.orgId(), List.of(RealtimeMessage.Channels.org(t.orgId())), "payment.external_recorded", data));
            meters.counter("billing.external.payments", "provider", t.provider(), "outcome", "recorded")
                    .increment();
            log.info(
                    "external payment recorded: id={} org={} lead={} provider={} external={} amount={} {}",
                    id,
                    leadId,
                    t.orgId(),
                    leadId,
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
