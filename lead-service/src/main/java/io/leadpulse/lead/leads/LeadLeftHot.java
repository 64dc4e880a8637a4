package io.leadpulse.lead.leads;

import java.util.UUID;

/**
 * Told in-process, inside the transaction of the change, when a lead stops being hot: moved on
 * from HOT (won, lost, contacted...) or about to be deleted. The call queue takes it out.
 *
 * @param reason what happened, for the queue's realtime message and log
 */
public record LeadLeftHot(UUID orgId, UUID leadId, String reason) {}
