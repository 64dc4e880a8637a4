package io.leadpulse.lead.appointments;

import java.time.Instant;
import java.util.UUID;

/**
 * A call or meeting with a lead at a time, with the user who holds it.
 *
 * @param endsAt null when open-ended (a call)
 * @param status {@code SCHEDULED} or {@code CANCELLED}
 */
public record Appointment(
        UUID id,
        UUID orgId,
        UUID leadId,
        Kind kind,
        String title,
        Instant startsAt,
        Instant endsAt,
        UUID assigneeId,
        String status,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant cancelledAt) {

    public enum Kind {
        CALL,
        MEETING
    }

    static final String SCHEDULED = "SCHEDULED";
    static final String CANCELLED = "CANCELLED";

    boolean cancelled() {
        return CANCELLED.equals(status);
    }
}
