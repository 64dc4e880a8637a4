package io.leadpulse.notification.rules;

import io.leadpulse.notification.inbox.NotificationService;
import io.leadpulse.platform.eventing.consumer.EventBatches;
import io.leadpulse.platform.events.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
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
    private final NotificationService notifications;

    MoneyAndMessagesListener(EventBatches batches, MoneyAndMessageRules rules, NotificationService notifications) {
        this.batches = batches;
        this.rules = rules;
        this.notifications = notifications;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            batch = "true",
            concurrency = "${notification.listener-concurrency:3}",
            topics = {Topics.MESSAGING_EVENTS, Topics.BILLING_EVENTS, Topics.INTEGRATION_EVENTS})
    void on(List<ConsumerRecord<String, String>> records) {
        batches.consume(
                CONSUMER,
                records,
                envelope -> MoneyAndMessageRules.handles(envelope.type()) && envelope.orgId() != null
                        ? Optional.<Runnable>of(() -> rules.apply(envelope))
                        : Optional.empty(),
                notifications::collecting);
    }
}
