package io.leadpulse.platform.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads topics of the test broker from the beginning with a fresh consumer group, so a test can
 * wait for the record it expects and check what else was (or was not) sent.
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicProbe(List<String> topics) {
        Properties config = new Properties();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
    }

    public static TopicProbe subscribe(String... topics) {
        return new TopicProbe(List.of(topics));
    }

    /** The first record on {@code topic} with this key, waiting up to 30 s for it. */
    public ConsumerRecord<String, String> awaitKey(String topic, String key) {
        return await(topic, record -> key.equals(record.key()));
    }

    public ConsumerRecord<String, String> await(String topic, Predicate<ConsumerRecord<String, String>> match) {
        Predicate<ConsumerRecord<String, String>> wanted =
                record -> record.topic().equals(topic) && match.test(record);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return seen.stream().anyMatch(wanted);
        });
        return seen.stream().filter(wanted).findFirst().orElseThrow();
    }

    /** Everything read so far. */
    public List<ConsumerRecord<String, String>> seen() {
        poll();
        return List.copyOf(seen);
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
