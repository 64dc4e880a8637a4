package io.leadpulse.billing.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * One movement of money as Stripe reported it.
 *
 * @param stripeKey what makes it unique at Stripe ({@code payment:pi_...}, {@code refund:ch_...:300},
 *     {@code failure:in_...:2}); a second entry with the same key is never written
 * @param amountMinor positive, in the currency's minor units; {@code type} says which way it went
 */
public record LedgerEntry(
        UUID id,
        String stripeKey,
        UUID orgId,
        UUID leadId,
        Type type,
        long amountMinor,
        String currency,
        String paymentIntentId,
        String chargeId,
        String invoiceId,
        String customerId,
        String subscriptionId,
        String stripeEventId,
        String failureReason,
        Instant occurredAt) {

    public enum Type {
        PAYMENT,
        REFUND,
        FAILURE;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
