package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.UUID;

/** What billing-service tells the other services, keyed by organisation. */
@EventContext(topic = Topics.BILLING_EVENTS)
public sealed interface BillingEvent extends DomainEvent {

    @Override
    default String subject() {
        return orgId().toString();
    }

    /**
     * The organisation's plan, and with it its lead quota, changed. {@code effectiveAt} orders
     * changes: a consumer ignores one older than what it has applied.
     *
     * @param plan plan code, for example {@code trial} or {@code growth}
     * @param status subscription status, for example {@code trialing}, {@code active}, {@code canceled}
     * @param leadLimit leads the organisation may hold
     */
    @EventType("billing.plan_changed")
    record PlanChanged(UUID orgId, String plan, String status, int leadLimit, Instant effectiveAt)
            implements BillingEvent {}

    /**
     * Money arrived: one ledger entry of type {@code payment}. {@code leadId} is set when the
     * payment was for a lead (Stripe metadata {@code lead_id}), null for the organisation's own
     * subscription. Amounts are in the currency's minor units (cents).
     */
    @EventType("payment.succeeded")
    record PaymentSucceeded(
            UUID orgId,
            UUID leadId,
            UUID entryId,
            long amount,
            String currency,
            String paymentIntentId,
            String chargeId,
            String invoiceId,
            String subscriptionId,
            Instant occurredAt)
            implements BillingEvent {}

    /**
     * A payment attempt failed: one ledger entry of type {@code failure}; {@code reason} is Stripe's
     * error or decline code, never a message with personal data.
     */
    @EventType("payment.failed")
    record PaymentFailed(
            UUID orgId,
            UUID leadId,
            UUID entryId,
            long amount,
            String currency,
            String paymentIntentId,
            String chargeId,
            String invoiceId,
            String subscriptionId,
            String reason,
            Instant occurredAt)
            implements BillingEvent {}

    /** Money went back: one ledger entry of type {@code refund} for the amount newly refunded. */
    @EventType("payment.refunded")
    record PaymentRefunded(
            UUID orgId,
            UUID leadId,
            UUID entryId,
            long amount,
            String currency,
            String paymentIntentId,
            String chargeId,
            Instant occurredAt)
            implements BillingEvent {}
}
