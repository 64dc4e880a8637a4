package io.leadpulse.lead.leads;

import io.leadpulse.platform.eventing.consumer.EventBatches;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Messages and payments that move a lead along the pipeline ({@link LeadPipeline}). Reads the
 * envelope's type and the {@code leadId} in its data, so it needs no other context's contract
 * classes; a whole poll in one transaction, idempotent per event id ({@link EventBatches}), so a
 * redelivery moves nothing twice.
 */
@Component
class PipelineEventsListener {

    static final String CONSUMER = "lead.pipeline";

    private final EventBatches batches;
    private final LeadPipeline pipeline;

    PipelineEventsListener(EventBatches batches, LeadPipeline pipeline) {
        this.batches = batches;
        this.pipeline = pipeline;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            batch = "true",
            topics = {Topics.MESSAGING_EVENTS, Topics.BILLING_EVENTS})
    void on(List<ConsumerRecord<String, String>> records) {
        batches.consume(CONSUMER, records, this::effectOf);
    }

    private Optional<Runnable> effectOf(EventEnvelope envelope) {
        if (!LeadPipeline.moves(envelope.type()) || envelope.orgId() == null) {
            return Optional.empty();
        }
        UUID leadId = leadId(envelope.data());
        return leadId == null
                ? Optional.empty()
                : Optional.of(() -> pipeline.apply(envelope.orgId(), leadId, envelope.type()));
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
