package io.leadpulse.messaging.sequences;

import java.time.Instant;
import java.util.UUID;

/**
 * A lead going through a sequence. {@code nextStep} is the position of the step due at
 * {@code dueAt}; {@code reason} says why it ended ({@code FINISHED}, {@code REPLIED},
 * {@code OPTED_OUT}, {@code LEAD_WON}, {@code LEAD_PAID}, {@code LEAD_LOST}, {@code LEAD_DELETED}).
 */
public record Enrolment(
        UUID id,
        UUID orgId,
        UUID sequenceId,
        UUID leadId,
        Status status,
        int nextStep,
        Instant dueAt,
        String reason,
        UUID enrolledBy,
        Instant enrolledAt,
        Via via) {

    /** How the lead got in: someone enrolled it, or the sequence's rule matched it. */
    public enum Via {
        MANUAL,
        RULE
    }

    public enum Status {
        ACTIVE,
        COMPLETED,
        STOPPED
    }
}
