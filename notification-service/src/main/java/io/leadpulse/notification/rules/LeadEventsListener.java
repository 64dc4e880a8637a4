package io.leadpulse.notification.rules;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code lead.events}: the directory (users, leads) and the lead rules, applied once per event in
 * one transaction. Types this build does not know are skipped.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "notification.lead-events";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final LeadRules rules;

    LeadEventsListener(EventCodec codec, IdempotentConsumer idempotent, LeadRules rules) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.rules = rules;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            concurrency = "${notification.listener-concurrency:3}",
            topics = Topics.LEAD_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope)
                .filter(LeadRules::handles)
                .ifPresent(event -> idempotent.apply(CONSUMER, envelope, () -> rules.apply(envelope, event)));
    }
}
