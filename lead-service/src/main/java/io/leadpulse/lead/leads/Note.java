package io.leadpulse.lead.leads;

import java.time.Instant;
import java.util.UUID;

/** A rep's free-text note on a lead. */
public record Note(UUID id, UUID leadId, UUID authorId, String body, Instant createdAt) {}
