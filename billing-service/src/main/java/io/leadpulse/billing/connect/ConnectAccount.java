package io.leadpulse.billing.connect;

import java.time.Instant;
import java.util.UUID;

/** A Stripe Connect account's status: can it charge, be paid out, what Stripe still needs. */
record ConnectAccount(
        String accountId,
        UUID orgId,
        UUID ownerUserId,
        boolean chargesEnabled,
        boolean payoutsEnabled,
        boolean detailsSubmitted,
        int requirementsDue,
        String disabledReason,
        Instant stripeStateAt) {}
