package io.leadpulse.lead.integrations;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns contacts synced from an external platform ({@code integration.contact_synced}, from
 * enrichment-service) into leads. Idempotent per {@code syncId}, not only per envelope: the same
 * version of a contact sent twice (a page fetched again, a reconciliation) is applied once.
 */
@Component
class IntegrationContactsListener {

    static final String CONSUMER = "lead.integration-contacts";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final IntegrationContacts contacts;

    IntegrationContactsListener(EventCodec codec, IdempotentConsumer idempotent, IntegrationContacts contacts) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.contacts = contacts;
    }

    @KafkaListener(id = CONSUMER, groupId = CONSUMER, topics = Topics.INTEGRATION_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope).ifPresent(event -> {
            if (event instanceof IntegrationEvent.ContactSynced contact) {
                EventEnvelope bySyncId = new EventEnvelope(
                        contact.syncId(),
                        envelope.type(),
                        envelope.version(),
                        envelope.occurredAt(),
                        envelope.orgId(),
                        envelope.subject(),
                        envelope.traceparent(),
                        envelope.data());
                idempotent.apply(CONSUMER, bySyncId, () -> contacts.apply(contact));
            }
        });
    }
}
