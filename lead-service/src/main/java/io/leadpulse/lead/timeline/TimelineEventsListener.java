package io.leadpulse.lead.timeline;

import io.leadpulse.platform.eventing.consumer.EventBatches;
import io.leadpulse.platform.events.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Puts what other services report about a lead on its timeline: messages sent and received,
 * enrichment, payments. Generic by design: any event whose data names a {@code leadId} is
 * recorded under its own type, so new event types need no change here. A whole poll in one
 * transaction, each event once ({@link EventBatches}); the timeline's unique source event id
 * keeps a redelivery from adding anything as well.
 */
@Component
class TimelineEventsListener {

    static final String CONSUMER = "lead.timeline";

    private final EventBatches batches;
    private final TimelineService timeline;

    TimelineEventsListener(EventBatches batches, TimelineService timeline) {
        this.batches = batches;
        this.timeline = timeline;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            batch = "true",
            topics = {Topics.MESSAGING_EVENTS, Topics.ENRICHMENT_EVENTS, Topics.BILLING_EVENTS})
    void on(List<ConsumerRecord<String, String>> records) {
        batches.consume(
                CONSUMER,
                records,
                envelope -> envelope.orgId() != null && envelope.data().has("leadId")
                        ? Optional.<Runnable>of(() -> timeline.recordExternal(envelope))
                        : Optional.empty());
    }
}
