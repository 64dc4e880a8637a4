package io.leadpulse.lead.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of a lead's timeline.
 *
 * @param type what happened, an event-like name: {@code lead.status_changed}, {@code note.added},
 *     {@code message.inbound}, {@code payment.succeeded}, {@code preview.viewed}, {@code call.completed}...
 * @param actorId the user who did it, null for the lead itself, a rule or another service
 * @param data what the entry shows, as JSON
 */
public record Activity(UUID id, UUID leadId, String type, UUID actorId, Instant occurredAt, Map<String, Object> data) {}
