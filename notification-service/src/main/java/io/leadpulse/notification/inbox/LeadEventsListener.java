package io.leadpulse.notification.inbox;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns lead events into notifications. Idempotent: each event is applied once per consumer,
 * however often Kafka or the outbox relay delivers it. Types this build does not know are skipped.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "notification.lead-events";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final NotificationService notifications;

    LeadEventsListener(EventCodec codec, IdempotentConsumer idempotent, NotificationService notifications) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.notifications = notifications;
    }

    @KafkaListener(topics = Topics.LEAD_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope)
                .ifPresent(event -> idempotent.apply(CONSUMER, envelope, () -> {
                    if (event instanceof LeadEvent.LeadCreated created) {
                        onLeadCreated(envelope, created);
                    }
                }));
    }

    /** A lead someone else assigned to you: you hear about it. Your own new lead: no noise. */
    private void onLeadCreated(EventEnvelope envelope, LeadEvent.LeadCreated lead) {
        if (lead.assigneeId() == null || lead.assigneeId().equals(lead.createdBy())) {
            return;
        }
        String name = lead.lastName() == null ? lead.firstName() : lead.firstName() + " " + lead.lastName();
        notifications.notify(
                lead.orgId(),
                lead.assigneeId(),
                "lead.assigned",
                "New lead assigned to you: " + name,
                lead.company(),
                lead.leadId().toString(),
                envelope.id());
    }
}
