package io.leadpulse.billing.webhooks;

import java.util.Set;
import java.util.UUID;

/**
 * Applies one kind of Stripe event inside the worker's transaction. Handlers must be idempotent
 * and order-safe: the same event may be processed again (reconciliation, a retried attempt) and
 * events arrive in any order.
 */
public interface StripeEventHandler {

    /** The event types this handler applies. */
    Set<String> types();

    Outcome handle(StripeEvent event);

    /** What became of an event; the stored row keeps it. */
    record Outcome(Status status, UUID orgId, String detail) {

        public static Outcome processed(UUID orgId, String detail) {
            return new Outcome(Status.PROCESSED, orgId, detail);
        }

        public static Outcome ignored(UUID orgId, String detail) {
            return new Outcome(Status.IGNORED, orgId, detail);
        }

        /** No organisation billing knows: kept, applied nowhere. */
        public static Outcome unmatched(String detail) {
            return new Outcome(Status.UNMATCHED, null, detail);
        }

        /** Not yet applicable (what it refers to has not arrived); tried again later. */
        public static Outcome deferred(UUID orgId, String detail) {
            return new Outcome(Status.DEFERRED, orgId, detail);
        }
    }

    enum Status {
        PROCESSED,
        IGNORED,
        UNMATCHED,
        DEFERRED;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
