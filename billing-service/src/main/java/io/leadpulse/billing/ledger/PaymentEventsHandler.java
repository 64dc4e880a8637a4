package io.leadpulse.billing.ledger;

import io.leadpulse.billing.directory.Directory;
import io.leadpulse.billing.webhooks.StripeEvent;
import io.leadpulse.billing.webhooks.StripeEventHandler;
import io.leadpulse.billing.webhooks.StripeOrgResolver;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns Stripe's payment, failure and refund events into ledger entries. Each entry's key is the
 * Stripe object it comes from, so a replay, a duplicate or the same money reported by two events
 * ({@code invoice.paid} and its {@code payment_intent.succeeded}) is written once.
 */
@Component
class PaymentEventsHandler implements StripeEventHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventsHandler.class);

    private final Ledger ledger;
    private final StripeOrgResolver resolver;
    private final Directory directory;

    PaymentEventsHandler(Ledger ledger, StripeOrgResolver resolver, Directory directory) {
        this.ledger = ledger;
        this.resolver = resolver;
        this.directory = directory;
    }

    @Override
    public Set<String> types() {
        return Set.of(
                "payment_intent.succeeded",
                "payment_intent.payment_failed",
                "invoice.paid",
                "invoice.payment_failed",
                "charge.refunded");
    }

    @Override
    public Outcome handle(StripeEvent event) {
        return switch (event.type()) {
            case "payment_intent.succeeded" -> paymentIntentSucceeded(event);
            case "payment_intent.payment_failed" -> paymentIntentFailed(event);
            case "invoice.paid" -> invoicePaid(event);
            case "invoice.payment_failed" -> invoiceFailed(event);
            case "charge.refunded" -> chargeRefunded(event);
            default -> Outcome.ignored(null, "not a payment event");
        };
    }

    private Outcome paymentIntentSucceeded(StripeEvent event) {
        if (event.text("invoice") != null) {
            return Outcome.ignored(null, "paid through invoice " + event.text("invoice") + "; invoice.paid records it");
        }
        return withMatch(event, (org, lead) -> {
            String pi = event.text("id");
            long amount =
                    event.number("amount_received") > 0 ? event.number("amount_received") : event.number("amount");
            return write(
                    new LedgerEntry(
                            UUID.randomUUID(),
                            "payment:" + pi,
                            org,
                            lead,
                            LedgerEntry.Type.PAYMENT,
                            amount,
                            event.text("currency"),
                            pi,
                            event.text("latest_charge"),
                            null,
                            event.text("customer"),
                            null,
                            event.id(),
                            null,
                            occurredAt(event)),
                    org);
        });
    }

    private Outcome paymentIntentFailed(StripeEvent event) {
        return withMatch(event, (org, lead) -> {
            String pi = event.text("id");
            String charge = event.text("latest_charge");
            String key = charge != null ? "failure:" + charge : "failure:" + pi + ":" + event.id();
            return write(
                    new LedgerEntry(
                            UUID.randomUUID(),
                            key,
                            org,
                            lead,
                            LedgerEntry.Type.FAILURE,
                            event.number("amount"),
                            event.text("currency"),
                            pi,
                            charge,
                            null,
                            event.text("customer"),
                            null,
                            event.id(),
                            failureCode(event, "last_payment_error"),
                            occurredAt(event)),
                    org);
        });
    }

    private Outcome invoicePaid(StripeEvent event) {
        long paid = event.number("amount_paid");
        if (paid <= 0) {
            return Outcome.ignored(null, "invoice paid nothing (trial or fully discounted)");
        }
        return withMatch(event, (org, lead) -> {
            String invoice = event.text("id");
            String pi = paymentIntentOfInvoice(event);
            String key = pi != null ? "payment:" + pi : "payment:" + invoice;
            return write(
                    new LedgerEntry(
                            UUID.randomUUID(),
                            key,
                            org,
                            lead,
                            LedgerEntry.Type.PAYMENT,
                            paid,
                            event.text("currency"),
                            pi,
                            event.text("charge"),
                            invoice,
                            event.text("customer"),
                            subscriptionOfInvoice(event),
                            event.id(),
                            null,
                            occurredAt(event)),
                    org);
        });
    }

    private Outcome invoiceFailed(StripeEvent event) {
        return withMatch(event, (org, lead) -> {
            String invoice = event.text("id");
            return write(
                    new LedgerEntry(
                            UUID.randomUUID(),
                            "failure:" + invoice + ":" + event.number("attempt_count"),
                            org,
                            lead,
                            LedgerEntry.Type.FAILURE,
                            event.number("amount_due"),
                            event.text("currency"),
                            paymentIntentOfInvoice(event),
                            event.text("charge"),
                            invoice,
                            event.text("customer"),
                            subscriptionOfInvoice(event),
                            event.id(),
                            "invoice_payment_failed",
                            occurredAt(event)),
                    org);
        });
    }

    /**
     * A refund belongs where its payment went: the ledger's payment entry names the organisation
     * and lead. If the payment has not arrived yet, the event waits for it (deferred), and only on
     * its last attempt falls back to the charge's own metadata and customer.
     */
    private Outcome chargeRefunded(StripeEvent event) {
        String charge = event.text("id");
        String pi = event.text("payment_intent");
        Optional<LedgerEntry> payment = ledger.paymentOf(pi, charge);
        UUID org;
        UUID lead;
        if (payment.isPresent()) {
            org = payment.get().orgId();
            lead = payment.get().leadId();
        } else {
            StripeOrgResolver.Match match = resolver.resolve(event);
            if (!event.lastAttempt()) {
                return Outcome.deferred(match.orgId(), "refund before its payment " + (pi != null ? pi : charge));
            }
            if (!match.matched()) {
                return Outcome.unmatched(match.problem());
            }
            org = match.orgId();
            lead = leadOf(org, match.leadId(), true);
        }
        LedgerEntry template = new LedgerEntry(
                UUID.randomUUID(),
                null,
                org,
                lead,
                LedgerEntry.Type.REFUND,
                0,
                event.text("currency"),
                pi,
                charge,
                payment.map(LedgerEntry::invoiceId).orElse(null),
                event.text("customer"),
                payment.map(LedgerEntry::subscriptionId).orElse(null),
                event.id(),
                null,
                occurredAt(event));
        long added = ledger.recordRefundUpTo(template, event.number("amount_refunded"));
        return Outcome.processed(org, added > 0 ? "refund " + added + " recorded" : "refund already recorded");
    }

    private interface Apply {
        Outcome apply(UUID orgId, UUID leadId);
    }

    private Outcome withMatch(StripeEvent event, Apply apply) {
        StripeOrgResolver.Match match = resolver.resolve(event);
        if (!match.matched()) {
            return Outcome.unmatched(match.problem());
        }
        if (match.leadId() != null && directory.lead(match.leadId()).isEmpty() && !event.lastAttempt()) {
            // lead.created may still be on its way from lead-service.
            return Outcome.deferred(match.orgId(), "lead " + match.leadId() + " not yet known");
        }
        return apply.apply(match.orgId(), leadOf(match.orgId(), match.leadId(), event.lastAttempt()));
    }

    /** The metadata's lead, if it is one of the organisation's leads. */
    private UUID leadOf(UUID orgId, UUID leadId, boolean lastAttempt) {
        if (leadId == null) {
            return null;
        }
        Optional<Directory.LeadOwner> owner = directory.lead(leadId);
        if (owner.isEmpty()) {
            log.warn("payment names lead {} unknown to billing; recorded for org {} without a lead", leadId, orgId);
            return null;
        }
        if (!owner.get().orgId().equals(orgId)) {
            log.warn(
                    "payment for org {} names lead {} of another organisation; recorded without a lead", orgId, leadId);
            return null;
        }
        return leadId;
    }

    private Outcome write(LedgerEntry entry, UUID org) {
        boolean added = ledger.record(entry);
        return Outcome.processed(org, (added ? "recorded " : "already recorded ") + entry.stripeKey());
    }

    /** The invoice's PaymentIntent: a field before API version 2025-03-31, its first payment after. */
    private static String paymentIntentOfInvoice(StripeEvent event) {
        String pi = event.text("payment_intent");
        return pi != null ? pi : event.text("payments.data.0.payment.payment_intent");
    }

    private static String subscriptionOfInvoice(StripeEvent event) {
        String subscription = event.text("subscription");
        return subscription != null ? subscription : event.text("parent.subscription_details.subscription");
    }

    private static String failureCode(StripeEvent event, String errorPath) {
        String decline = event.text(errorPath + ".decline_code");
        return decline != null ? decline : event.text(errorPath + ".code");
    }

    /** When Stripe says it happened: the event's {@code created}, not the object's (an invoice is older than its payment). */
    private static Instant occurredAt(StripeEvent event) {
        return event.created();
    }
}
