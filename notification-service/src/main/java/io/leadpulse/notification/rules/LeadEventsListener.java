package io.leadpulse.notification.rules;

import io.leadpulse.notification.inbox.NotificationService;
import io.leadpulse.platform.eventing.consumer.EventBatches;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code lead.events}: the directory (users, leads) and the lead rules, a whole poll in one
 * transaction, each event once ({@link EventBatches}). Types this build does not know are skipped.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "notification.lead-events";

    private final EventCodec codec;
    private final EventBatches batches;
    private final LeadRules rules;
    private final NotificationService notifications;

    LeadEventsListener(EventCodec codec, EventBatches batches, LeadRules rules, NotificationService notifications) {
        this.codec = codec;
        this.batches = batches;
        this.rules = rules;
        this.notifications = notifications;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            batch = "true",
            concurrency = "${notification.listener-concurrency:3}",
            topics = Topics.LEAD_EVENTS)
    void on(List<ConsumerRecord<String, String>> records) {
        batches.consume(
                CONSUMER,
                records,
                envelope -> codec.decode(envelope).filter(LeadRules::handles).map(event ->
                        (Runnable) () -> rules.apply(envelope, event)),
                notifications::collecting);
    }
}
