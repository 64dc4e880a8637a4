package io.leadpulse.billing.directory;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps billing's projection of leads (organisation, owner, status) from {@code lead.events}.
 * Idempotent per event id; one lead's events arrive in order (the topic is keyed by lead id). Any
 * lead event also makes its organisation known to billing.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "billing.lead-events";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final Directory directory;

    LeadEventsListener(EventCodec codec, IdempotentConsumer idempotent, Directory directory) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.directory = directory;
    }

    @KafkaListener(topics = Topics.LEAD_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope)
                .filter(LeadEvent.class::isInstance)
                .map(LeadEvent.class::cast)
                .ifPresent(event -> idempotent.apply(CONSUMER, envelope, () -> apply(event)));
    }

    private void apply(LeadEvent event) {
        switch (event) {
            case LeadEvent.LeadCreated e ->
                directory.leadCreated(e.orgId(), e.leadId(), e.assigneeId(), e.status(), e.createdAt());
            case LeadEvent.LeadAssigned e ->
                directory.leadAssigned(e.orgId(), e.leadId(), e.assigneeId(), e.assignedAt());
            case LeadEvent.LeadStatusChanged e ->
                directory.leadStatusChanged(e.orgId(), e.leadId(), e.to(), e.assigneeId(), e.changedAt());
            case LeadEvent.LeadDeleted e -> directory.leadDeleted(e.orgId(), e.leadId(), e.deletedAt());
            default -> directory.rememberOrg(event.orgId());
        }
    }
}
