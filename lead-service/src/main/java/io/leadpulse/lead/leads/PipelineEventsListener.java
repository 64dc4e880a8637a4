package io.leadpulse.lead.leads;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Messages and payments that move a lead along the pipeline ({@link LeadPipeline}). Reads the
 * envelope's type and the {@code leadId} in its data, so it needs no other context's contract
 * classes; idempotent per event id, so a redelivery moves nothing twice.
 */
@Component
class PipelineEventsListener {

    static final String CONSUMER = "lead.pipeline";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final LeadPipeline pipeline;

    PipelineEventsListener(EventCodec codec, IdempotentConsumer idempotent, LeadPipeline pipeline) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.pipeline = pipeline;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            topics = {Topics.MESSAGING_EVENTS, Topics.BILLING_EVENTS})
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        if (!LeadPipeline.moves(envelope.type()) || envelope.orgId() == null) {
            return;
        }
        UUID leadId = leadId(envelope.data());
        if (leadId != null) {
            idempotent.apply(CONSUMER, envelope, () -> pipeline.apply(envelope.orgId(), leadId, envelope.type()));
        }
    }

    private static UUID leadId(JsonNode data) {
        JsonNode field = data == null ? null : data.get("leadId");
        if (field == null || !field.isString()) {
            return null;
        }
        try {
            return UUID.fromString(field.asString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
