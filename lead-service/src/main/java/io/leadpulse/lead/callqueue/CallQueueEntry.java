package io.leadpulse.lead.callqueue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A hot lead waiting for a call.
 *
 * @param position place in the organisation's whole queue, 1 first (oldest), so a rep's filtered
 *     view shows where its leads really stand
 * @param waitingSeconds since the lead joined the queue
 * @param claimedBy who is calling it now, null if nobody
 * @param claimedAt since when
 * @param fromPool the lead was unassigned and its caller got it by claiming; released, it goes
 *     back to the pool
 */
public record CallQueueEntry(
        UUID leadId,
        long position,
        Instant joinedAt,
        long waitingSeconds,
        LeadSummary lead,
        UUID claimedBy,
        String claimedByName,
        Instant claimedAt,
        boolean fromPool) {

    /** What a caller needs to pick the next lead; contact details are on the lead itself. */
    public record LeadSummary(
            UUID id,
            String firstName,
            String lastName,
            String company,
            BigDecimal engagementScore,
            String status,
            UUID assigneeId) {}
}
