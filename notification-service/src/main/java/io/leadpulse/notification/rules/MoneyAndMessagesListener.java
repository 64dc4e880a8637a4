package io.leadpulse.notification.rules;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code messaging.events} and {@code billing.events}: read by envelope type and {@code data}
 * fields, so no other context's contract classes are needed; once per event id.
 */
@Component
class MoneyAndMessagesListener {

    static final String CONSUMER = "notification.money-and-messages";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final MoneyAndMessageRules rules;

    MoneyAndMessagesListener(EventCodec codec, IdempotentConsumer idempotent, MoneyAndMessageRules rules) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.rules = rules;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            concurrency = "${notification.listener-concurrency:3}",
            topics = {Topics.MESSAGING_EVENTS, Topics.BILLING_EVENTS})
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        if (MoneyAndMessageRules.handles(envelope.type()) && envelope.orgId() != null) {
            idempotent.apply(CONSUMER, envelope, () -> rules.apply(envelope));
        }
    }
}
