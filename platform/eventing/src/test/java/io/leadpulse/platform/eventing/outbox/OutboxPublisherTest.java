package io.leadpulse.platform.eventing.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // A producer that would block its caller for a minute waiting for metadata.
        OutboxPublisher publisher = new OutboxPublisher(unreachableBroker(60_000), null, meters, Duration.ofSeconds(5));
        OutboxRecord record = new OutboxRecord(UUID.randomUUID(), "lead.events", "key", "lead.created", "{}", null);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> publisher.publishCommitted(List.of(record)));

        assertThat(meters.counter("leadpulse.outbox.published", "path", "after_commit")
                        .count())
                .as("nothing was acknowledged, so the row stays for the relay")
                .isZero();
        publisher.destroy();
    }

    @Test
    void afterAFailedSendCommittedRowsGoStraightToTheRelayInsteadOfPilingUpInTheQueue() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // The broker is gone: each send waits 200 ms for metadata, then fails.
        OutboxPublisher publisher = new OutboxPublisher(unreachableBroker(200), null, meters, Duration.ofMinutes(1));

        publisher.publishCommitted(List.of(record(), record()));

        await().atMost(Duration.ofSeconds(10)).until(publisher::paused);
        assertThat(meters.counter("leadpulse.outbox.send.failures").count())
                .as("the second row of the batch was not tried once the first had failed")
                .isEqualTo(1);
        assertThat(meters.counter("leadpulse.outbox.deferred").count()).isEqualTo(1);

        for (int i = 0; i < 1_000; i++) {
            publisher.publishCommitted(List.of(record(), record(), record()));
        }

        assertThat(meters.counter("leadpulse.outbox.deferred").count())
                .as("left in the table for the relay at once, not queued in memory behind 200 ms waits")
                .isEqualTo(3_001);
        assertThat(meters.counter("leadpulse.outbox.send.failures").count()).isEqualTo(1);
        publisher.destroy();
    }

    private static OutboxRecord record() {
        return new OutboxRecord(UUID.randomUUID(), "lead.events", "key", "lead.created", "{}", null);
    }

    private static KafkaTemplate<String, String> unreachableBroker(int maxBlockMs) throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + deadPort,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        maxBlockMs),
                new StringSerializer(),
                new StringSerializer()));
    }
}
