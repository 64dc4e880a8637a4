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
}
