package io.leadpulse.notification.rules;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.Topics;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
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

    LeadEventsListener(EventCodec codec, EventBatches batches, LeadRules rules) {
        this.codec = codec;
        this.batches = batches;
        this.rules = rules;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            batch = "true",
            concurrency = "${notification.listener-concurrency:3}",
            topics = Topics.LEAD_EVENTS)
    void on(List<String> records) {
        try {
            batches.consume(
                    CONSUMER,
                    records,
                    envelope -> codec.decode(envelope)
                            .filter(LeadRules::handles)
                            .map(event -> (Runnable) () -> rules.apply(envelope, event)));
        } catch (EventBatches.FailedRecord failed) {
            // the records before it are committed; the error handler retries this one, then the DLT
            throw new BatchListenerFailedException(failed.getMessage(), failed.getCause(), failed.index);
        }
    }
}
