package io.leadpulse.billing.directory;

import java.util.UUID;

/** Billing saw an organisation for the first time; published in the transaction that recorded it. */
public record OrgFirstSeen(UUID orgId) {}
