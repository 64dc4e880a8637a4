package io.leadpulse.notification.directory;

import java.util.UUID;

/** A lead's org and current assignee (null when unassigned). */
public record LeadOwner(UUID leadId, UUID orgId, UUID assigneeId, boolean deleted) {}
