package io.leadpulse.billing.ledger;

import io.leadpulse.billing.directory.Directory;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.BillingEvent;
import io.leadpulse.platform.events.DomainEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes ledger entries, each with its domain event and realtime message in the caller's
 * transaction. An entry whose Stripe key is already there is a replay: nothing is written or sent.
 */
@Service
public class Ledger {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    private final LedgerRepository entries;
    private final Directory directory;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    Ledger(LedgerRepository entries, Directory directory, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.entries = entries;
        this.directory = directory;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** @return true when the entry was new */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean record(LedgerEntry entry) {
        if (!entries.insert(entry, clock.instant())) {
            log.info("ledger entry exists, replay ignored: key={} event={}", entry.stripeKey(), entry.stripeEventId());
            return false;
        }
        outbox.publish(domainEvent(entry));
        outbox.publish(RealtimeMessage.of(entry.orgId(), channels(entry), eventName(entry), payload(entry)));
        meters.counter("billing.ledger.entries", "type", entry.type().column()).increment();
        log.info(
                "ledger entry recorded: id={} type={} org={} lead={} amount={} {} key={}",
                entry.id(),
                entry.type().column(),
                entry.orgId(),
                entry.leadId(),
                entry.amountMinor(),
                entry.currency(),
                entry.stripeKey());
        return true;
    }

    public Optional<LedgerEntry> paymentOf(String paymentIntentId, String chargeId) {
        return entries.paymentOf(paymentIntentId, chargeId);
    }

    /**
     * Records what a charge's cumulative {@code amount_refunded} adds to the refunds already in the
     * ledger. Refund events for one charge may arrive in any order and more than once: the total
     * ends at the largest cumulative amount seen, whatever the order.
     *
     * @return the amount newly recorded, 0 when nothing was new
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long recordRefundUpTo(LedgerEntry template, long cumulativeRefunded) {
        entries.lockCharge(template.chargeId());
        long delta = cumulativeRefunded - entries.refundedSoFar(template.chargeId());
        if (delta <= 0) {
            log.info("refund already in the ledger: charge={} cumulative={}", template.chargeId(), cumulativeRefunded);
            return 0;
        }
        LedgerEntry entry = new LedgerEntry(
                template.id(),
                "refund:" + template.chargeId() + ":" + cumulativeRefunded,
                template.orgId(),
                template.leadId(),
                LedgerEntry.Type.REFUND,
                delta,
                template.currency(),
                template.paymentIntentId(),
                template.chargeId(),
                template.invoiceId(),
                template.customerId(),
                template.subscriptionId(),
                template.stripeEventId(),
                null,
                template.occurredAt());
        return record(entry) ? delta : 0;
    }

    /** A lead's money goes to the lead's and its owner's channels; the organisation's own to the org channel (ADR 0005). */
    private List<String> channels(LedgerEntry entry) {
        if (entry.leadId() == null) {
            return List.of(RealtimeMessage.Channels.org(entry.orgId()));
        }
        List<String> channels = new ArrayList<>();
        channels.add(RealtimeMessage.Channels.lead(entry.leadId()));
        directory
                .lead(entry.leadId())
                .map(Directory.LeadOwner::assigneeId)
                .ifPresent(rep -> channels.add(RealtimeMessage.Channels.user(rep)));
        return channels;
    }

    private static String eventName(LedgerEntry entry) {
        return switch (entry.type()) {
            case PAYMENT -> "payment.succeeded";
            case FAILURE -> "payment.failed";
            case REFUND -> "payment.refunded";
        };
    }

    private static Map<String, Object> payload(LedgerEntry entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entryId", entry.id());
        data.put("type", entry.type().column());
        data.put("amount", entry.amountMinor());
        data.put("currency", entry.currency());
        data.put("leadId", entry.leadId());
        data.put("invoiceId", entry.invoiceId());
        data.put("reason", entry.failureReason());
        data.put("occurredAt", entry.occurredAt());
        return data;
    }

    private static DomainEvent domainEvent(LedgerEntry e) {
        return switch (e.type()) {
            case PAYMENT ->
                new BillingEvent.PaymentSucceeded(
                        e.orgId(),
                        e.leadId(),
                        e.id(),
                        e.amountMinor(),
                        e.currency(),
                        e.paymentIntentId(),
                        e.chargeId(),
                        e.invoiceId(),
                        e.subscriptionId(),
                        e.occurredAt());
            case FAILURE ->
                new BillingEvent.PaymentFailed(
                        e.orgId(),
                        e.leadId(),
                        e.id(),
                        e.amountMinor(),
                        e.currency(),
                        e.paymentIntentId(),
                        e.chargeId(),
                        e.invoiceId(),
                        e.subscriptionId(),
                        e.failureReason(),
                        e.occurredAt());
            case REFUND ->
                new BillingEvent.PaymentRefunded(
                        e.orgId(),
                        e.leadId(),
                        e.id(),
                        e.amountMinor(),
                        e.currency(),
                        e.paymentIntentId(),
                        e.chargeId(),
                        e.occurredAt());
        };
    }
}
