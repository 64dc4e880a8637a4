package io.leadpulse.notification.rules;

import io.leadpulse.platform.events.Topics;
import java.util.List;
import java.util.Optional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * {@code messaging.events}, {@code billing.events} and {@code integration.events}: read by envelope type and {@code data}
 * fields, so no other context's contract classes are needed; a whole poll in one transaction, each
 * event once ({@link EventBatches}).
 */
@Component
class MoneyAndMessagesListener {

    static final String CONSUMER = "notification.money-and-messages";

    private final EventBatches batches;
    private final MoneyAndMessageRules rules;

    MoneyAndMessagesListener(EventBatches batches, MoneyAndMessageRules rules) {
        this.batches = batches;
        this.rules = rules;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            batch = "true",
            concurrency = "${notification.listener-concurrency:3}",
            topics = {Topics.MESSAGING_EVENTS, Topics.BILLING_EVENTS, Topics.INTEGRATION_EVENTS})
    void on(List<String> records) {
        try {
            batches.consume(
                    CONSUMER,
                    records,
                    envelope -> MoneyAndMessageRules.handles(envelope.type()) && envelope.orgId() != null
                            ? Optional.<Runnable>of(() -> rules.apply(envelope))
                            : Optional.empty());
        } catch (EventBatches.FailedRecord failed) {
            throw new BatchListenerFailedException(failed.getMessage(), failed.getCause(), failed.index);
        }
    }
}
