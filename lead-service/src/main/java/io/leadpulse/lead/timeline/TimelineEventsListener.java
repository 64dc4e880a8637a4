package io.leadpulse.lead.timeline;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Puts what other services report about a lead on its timeline: messages sent and received,
 * enrichment, payments. Generic by design: any event whose data names a {@code leadId} is
 * recorded under its own type, so new event types need no change here. Idempotent per event id
 * (the timeline's unique source event id), so a redelivery adds nothing.
 */
@Component
class TimelineEventsListener {

    static final String CONSUMER = "lead.timeline";

    private final EventCodec codec;
    private final TimelineService timeline;

    TimelineEventsListener(EventCodec codec, TimelineService timeline) {
        this.codec = codec;
        this.timeline = timeline;
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = CONSUMER,
            topics = {Topics.MESSAGING_EVENTS, Topics.ENRICHMENT_EVENTS, Topics.BILLING_EVENTS})
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        timeline.recordExternal(envelope);
    }
}
