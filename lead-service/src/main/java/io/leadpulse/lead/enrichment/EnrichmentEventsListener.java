package io.leadpulse.lead.enrichment;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EnrichmentEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores what enrichment-service found on the lead ({@code lead.enriched}, {@code lead.personalized}),
 * so {@code GET /api/leads/{id}} shows it. Idempotent per event id; each part keeps the newest by
 * its own time. The timeline records the same events separately ({@code lead.timeline}).
 */
@Component
class EnrichmentEventsListener {

    static final String CONSUMER = "lead.enrichment";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final LeadEnrichments enrichments;

    EnrichmentEventsListener(EventCodec codec, IdempotentConsumer idempotent, LeadEnrichments enrichments) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.enrichments = enrichments;
    }

    @KafkaListener(id = CONSUMER, groupId = CONSUMER, topics = Topics.ENRICHMENT_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope).ifPresent(event -> {
            if (event instanceof EnrichmentEvent enrichment) {
                idempotent.apply(CONSUMER, envelope, () -> enrichments.apply(enrichment));
            }
        });
    }
}
