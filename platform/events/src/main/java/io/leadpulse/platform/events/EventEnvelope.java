package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The one envelope every event travels in, on Kafka and in the outbox.
 *
 * @param id unique forever; consumers record it to apply each event once
 * @param type stable name such as {@code lead.created}; never a class name
 * @param version contract version of {@code data}; a breaking change is a new version
 * @param occurredAt when the fact happened in the producing service
 * @param orgId the tenant the event belongs to
 * @param subject the aggregate id; also the Kafka key, so one aggregate's events stay in order
 * @param traceparent W3C trace context of the request that caused the event, or null
 * @param data the event's fields
 */
public record EventEnvelope(
        UUID id,
        String type,
        int version,
        Instant occurredAt,
        UUID orgId,
        String subject,
        String traceparent,
        JsonNode data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(data, "data");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }
}
