package io.leadpulse.billing.external;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each lead's email and phone (from {@code lead.events}) so an external payment finds its
 * payer's lead. Idempotent without {@code processed_event}: each row keeps the newest change by the
 * event's own time, so a redelivered or late event changes nothing.
 */
@Component
class ExternalLeadContactsListener {

    static final String CONSUMER = "billing.external-lead-contacts";

    private final EventCodec codec;
    private final ExternalPayments payments;

    ExternalLeadContactsListener(EventCodec codec, ExternalPayments payments) {
        this.codec = codec;
        this.payments = payments;
    }

    @KafkaListener(id = CONSUMER, groupId = CONSUMER, topics = Topics.LEAD_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope).ifPresent(event -> {
            if (event instanceof LeadEvent.LeadCreated
                    || event instanceof LeadEvent.LeadUpdated
                    || event instanceof LeadEvent.LeadDeleted) {
                payments.applyInTransaction((LeadEvent) event);
            }
        });
    }
}
