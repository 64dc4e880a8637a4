package io.leadpulse.billing.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;

/** What a Stripe subscription object says, as read from an event. */
record StripeSubscriptionState(
        String subscriptionId,
        String customerId,
        String status,
        String planMetadata,
        String priceId,
        String lookupKey,
        String interval,
        int intervalCount,
        long unitAmount,
        int quantity,
        boolean metered,
        String currency,
        BigDecimal couponPercentOff,
        Long couponAmountOff,
        String couponDuration,
        Instant trialEnd,
        Instant currentPeriodEnd,
        boolean cancelAtPeriodEnd) {}
