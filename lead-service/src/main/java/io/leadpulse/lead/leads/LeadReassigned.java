package io.leadpulse.lead.leads;

import java.util.UUID;

/**
 * Told in-process, inside the transaction of the change, when a lead changes hands through the
 * leads API. The call queue hands a queued call to the new assignee. {@code assigneeId} null means
 * unassigned (back to the pool).
 */
public record LeadReassigned(UUID orgId, UUID leadId, UUID previousAssigneeId, UUID assigneeId) {}
