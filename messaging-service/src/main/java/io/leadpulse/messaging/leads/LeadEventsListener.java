package io.leadpulse.messaging.leads;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps messaging's projection of leads. Idempotent per envelope id; one lead's events arrive in
 * order (keyed by lead id), so applying each as it comes gives lead-service's current state.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "messaging.lead-events";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final LeadDirectory directory;

    LeadEventsListener(EventCodec codec, IdempotentConsumer idempotent, LeadDirectory directory) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.directory = directory;
    }

    @KafkaListener(topics = Topics.LEAD_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope).ifPresent(event -> {
            if (event instanceof LeadEvent lead) {
                idempotent.apply(CONSUMER, envelope, () -> directory.apply(lead));
            }
        });
    }
}
