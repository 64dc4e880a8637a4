package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns contracts into envelopes and envelopes into JSON, and back. Readers ignore fields they do
 * not know, so producers may add fields without breaking anyone.
 */
public final class EventCodec {

    private final JsonMapper mapper;

    public EventCodec() {
        this(defaultMapper());
    }

    public EventCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public static JsonMapper defaultMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public EventEnvelope wrap(DomainEvent event, String traceparent) {
        EventType type = EventCatalog.typeOf(event.getClass());
        return new EventEnvelope(
                UUID.randomUUID(),
                type.value(),
                type.version(),
                Instant.now(),
                event.orgId(),
                event.subject(),
                traceparent,
                mapper.valueToTree(event));
    }

    public String toJson(Object value) {
        return mapper.writeValueAsString(value);
    }

    /**
     * Reads an envelope.
     *
     * @throws MalformedEventException when the JSON is not an envelope; such a record is poison
     */
    public EventEnvelope readEnvelope(String json) {
        try {
            EventEnvelope envelope = mapper.readValue(json, EventEnvelope.class);
            if (envelope == null) {
                throw new MalformedEventException("empty event", null);
            }
            return envelope;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not an event envelope: " + e.getMessage(), e);
        }
    }

    /** The typed contract in the envelope, or empty when this build does not know the type. */
    public Optional<DomainEvent> decode(EventEnvelope envelope) {
        return EventCatalog.classOf(envelope.type(), envelope.version()).map(type -> {
            try {
                return mapper.treeToValue(envelope.data(), type);
            } catch (JacksonException e) {
                throw new MalformedEventException(
                        "data of " + envelope.type() + " " + envelope.id() + " does not fit its contract", e);
            }
        });
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new MalformedEventException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** An event that can never be processed; it goes to the dead-letter topic without retries. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
