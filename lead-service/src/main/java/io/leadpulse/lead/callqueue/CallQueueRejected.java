package io.leadpulse.lead.callqueue;

import java.time.Instant;
import java.util.UUID;

/** A queue change that cannot happen as asked. */
public class CallQueueRejected extends RuntimeException {

    public enum Reason {
        /** Not in the queue, another organisation's, or a lead the rep may not see. */
        NOT_FOUND,
        /** Someone else holds the call. */
        CLAIMED_BY_OTHER,
        /** Nobody holds the call, and the change needs the caller to hold it. */
        NOT_CLAIMED
    }

    private final Reason reason;
    private final UUID holderId;
    private final String holderName;
    private final Instant claimedAt;

    CallQueueRejected(Reason reason, String message, UUID holderId, String holderName, Instant claimedAt) {
        super(message);
        this.reason = reason;
        this.holderId = holderId;
        this.holderName = holderName;
        this.claimedAt = claimedAt;
    }

    static CallQueueRejected notFound(UUID leadId) {
        return new CallQueueRejected(Reason.NOT_FOUND, "Call queue entry " + leadId, null, null, null);
    }

    static CallQueueRejected heldBy(UUID holderId, String holderName, Instant claimedAt) {
        return new CallQueueRejected(
                Reason.CLAIMED_BY_OTHER,
                (holderName == null ? "another user" : holderName) + " is calling this lead since " + claimedAt,
                holderId,
                holderName,
                claimedAt);
    }

    static CallQueueRejected notClaimed() {
        return new CallQueueRejected(
                Reason.NOT_CLAIMED, "nobody is calling this lead; claim it first", null, null, null);
    }

    public Reason reason() {
        return reason;
    }

    public UUID holderId() {
        return holderId;
    }

    public String holderName() {
        return holderName;
    }

    public Instant claimedAt() {
        return claimedAt;
    }
}
