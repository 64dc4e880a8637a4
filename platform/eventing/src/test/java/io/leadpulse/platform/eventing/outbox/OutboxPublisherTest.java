package io.leadpulse.platform.eventing.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class OutboxPublisherTest {

    @Test
    void aCommitNeverWaitsForAnUnreachableBroker() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        // A producer that would block its caller for a minute waiting for metadata.
        KafkaTemplate<String, String> unreachable = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + deadPort,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        60_000),
                new StringSerializer(),
                new StringSerializer()));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxPublisher publisher = new OutboxPublisher(unreachable, null, meters);
        OutboxRecord record = new OutboxRecord(UUID.randomUUID(), "lead.events", "key", "lead.created", "{}", null);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> publisher.publishCommitted(List.of(record)));

        assertThat(meters.counter("leadpulse.outbox.published", "path", "after_commit")
                        .count())
                .as("nothing was acknowledged, so the row stays for the relay")
                .isZero();
        publisher.destroy();
    }
}
