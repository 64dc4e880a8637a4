package io.leadpulse.lead.tasks;

import java.time.Instant;
import java.util.UUID;

/** A to-do on a lead, with the user who does it and when it is due; done once completedAt is set. */
public record LeadTask(
        UUID id,
        UUID orgId,
        UUID leadId,
        String title,
        Instant dueAt,
        UUID assigneeId,
        UUID createdBy,
        Instant createdAt,
        Instant completedAt,
        UUID completedBy) {}
