package io.leadpulse.enrichment.leads;

import io.leadpulse.enrichment.jobs.EnrichmentJobs;
import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the directory and asks for enrichment: {@code lead.created} (and a {@code lead.updated}
 * that changed what the providers use) becomes a durable job in the same transaction as the
 * event's id, so a redelivery changes nothing and nothing asked for is lost. A malformed event
 * goes to {@code lead.events.dlt} (platform error handling).
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "enrichment.lead-events";

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final Directory directory;
    private final EnrichmentJobs jobs;

    LeadEventsListener(EventCodec codec, IdempotentConsumer idempotent, Directory directory, EnrichmentJobs jobs) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.directory = directory;
        this.jobs = jobs;
    }

    @KafkaListener(topics = Topics.LEAD_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope).ifPresent(event -> {
            switch (event) {
                case LeadEvent lead ->
                    idempotent.apply(CONSUMER, envelope, () -> {
                        directory.apply(lead);
                        jobs.on(lead);
                    });
                case AccountEvent account -> idempotent.apply(CONSUMER, envelope, () -> directory.apply(account));
                default -> {
                    // other contexts share no topic with us
                }
            }
        });
    }
}
