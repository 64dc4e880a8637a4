package io.leadpulse.lead;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.test.TestInfrastructure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events as the other services would, in their envelope, to the test broker. */
public final class ExternalEvents implements AutoCloseable {

    private static final EventCodec CODEC = new EventCodec();
    private final KafkaProducer<String, String> producer;

    public ExternalEvents() {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    public static EventEnvelope envelope(String type, UUID orgId, UUID subject, Map<String, Object> data) {
        return new EventEnvelope(
                UUID.randomUUID(),
                type,
                1,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                orgId,
                subject.toString(),
                null,
                CODEC.mapper().valueToTree(data));
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void send(String topic, EventEnvelope envelope) {
        try {
            producer.send(new ProducerRecord<>(topic, envelope.subject(), CODEC.toJson(envelope)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
