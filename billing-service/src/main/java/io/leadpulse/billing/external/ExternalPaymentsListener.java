package io.leadpulse.billing.external;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records payments synced from an external platform ({@code integration.transaction_synced}).
 * Idempotent per {@code syncId} (the same version fetched twice applies once), and the row itself is
 * unique per org, provider and external id (any version applies once).
 */
@Component
class ExternalPaymentsListener {

    static final String CONSUMER = "billing.integration-transactions";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final ExternalPayments payments;

    ExternalPaymentsListener(EventCodec codec, IdempotentConsumer idempotent, ExternalPayments payments) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.payments = payments;
    }

    @KafkaListener(id = CONSUMER, groupId = CONSUMER, topics = Topics.INTEGRATION_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope).ifPresent(event -> {
            if (event instanceof IntegrationEvent.TransactionSynced transaction) {
                EventEnvelope bySyncId = new EventEnvelope(
                        transaction.syncId(),
                        envelope.type(),
                        envelope.version(),
                        envelope.occurredAt(),
                        envelope.orgId(),
                        envelope.subject(),
                        envelope.traceparent(),
                        envelope.data());
                idempotent.apply(CONSUMER, bySyncId, () -> payments.record(transaction));
            }
        });
    }
}
