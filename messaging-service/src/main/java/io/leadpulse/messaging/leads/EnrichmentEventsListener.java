package io.leadpulse.messaging.leads;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EnrichmentEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Adds enrichment's timezone and AI first line to the lead projection. Idempotent per envelope id;
 * newest wins by the provider's time, so redeliveries and any order end in the same state.
 */
@Component
class EnrichmentEventsListener {

    static final String CONSUMER = "messaging.enrichment-events";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final LeadDirectory directory;

    EnrichmentEventsListener(EventCodec codec, IdempotentConsumer idempotent, LeadDirectory directory) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.directory = directory;
    }

    @KafkaListener(topics = Topics.ENRICHMENT_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope).ifPresent(event -> {
            if (event instanceof EnrichmentEvent enrichment) {
                idempotent.apply(CONSUMER, envelope, () -> directory.apply(enrichment));
            }
        });
    }
}
