package io.leadpulse.billing.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An organisation's current plan and, once it pays, the Stripe subscription behind it.
 *
 * @param status {@code trialing}, {@code expired} (our trial ended unpaid), or Stripe's
 *     {@code trialing, active, past_due, canceled, unpaid}
 * @param billingInterval {@code month}, {@code year} (or {@code week}, {@code day}), null on our trial
 * @param unitAmount price per interval and unit, minor units, before tax
 * @param couponDuration {@code forever}, {@code once}, {@code repeating}, or null without a discount
 * @param stripeStateAt the Stripe event time of the last state applied (older events change nothing)
 * @param effectiveAt the time of the last plan change published (strictly increasing per organisation)
 */
public record Subscription(
        UUID orgId,
        String plan,
        String status,
        int leadLimit,
        Instant trialEndsAt,
        String stripeSubscriptionId,
        String stripeCustomerId,
        String priceId,
        String billingInterval,
        int intervalCount,
        long unitAmount,
        int quantity,
        String currency,
        BigDecimal couponPercentOff,
        Long couponAmountOff,
        String couponDuration,
        Instant currentPeriodEnd,
        boolean cancelAtPeriodEnd,
        long mrrMinor,
        Instant stripeStateAt,
        Instant effectiveAt,
        Instant startedAt) {

    public boolean paying() {
        return "active".equals(status) || "past_due".equals(status);
    }
}
