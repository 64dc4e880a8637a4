package io.leadpulse.realtime.fanout;

import io.leadpulse.platform.events.Topics;
import io.leadpulse.realtime.RealtimeProperties;
import io.leadpulse.realtime.presence.ClusterBus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka clients of realtime-service, plain kafka-clients: the readers assign every partition
 * themselves (no consumer group: each instance must see everything), and one producer serves the
 * HTTP API and the cluster topic.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    /** Presence joins and leaves, heartbeats and relayed client events between instances. */
    public static final String CLUSTER_TOPIC = "realtime.cluster";

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    private final String bootstrapServers;
    private final MeterRegistry meters;

    KafkaConfiguration(
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers, MeterRegistry meters) {
        this.bootstrapServers =
                bootstrapServers.replace("[", "").replace("]", "").replace(" ", "");
        this.meters = meters;
    }

    @Bean(destroyMethod = "close")
    KafkaProducer<String, String> realtimeProducer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "realtime-producer");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Bean
    MessagePublisher messagePublisher(KafkaProducer<String, String> producer) {
        return (key, value) -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                producer.send(new ProducerRecord<>(Topics.REALTIME_MESSAGES, key, value), (metadata, error) -> {
                    if (error == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
            return done;
        };
    }

    @Bean
    ClusterBus clusterBus(KafkaProducer<String, String> producer, JsonMapper realtimeJson) {
        return event -> {
            try {
                producer.send(
                        new ProducerRecord<>(CLUSTER_TOPIC, event.instance(), realtimeJson.writeValueAsString(event)),
                        (metadata, error) -> {
                            if (error != null) {
                                log.warn("cluster event {} not sent: {}", event.type(), error.toString());
                            }
                        });
            } catch (RuntimeException e) {
                log.warn("cluster event {} not sent: {}", event.type(), e.toString());
            }
        };
    }

    /** A consumer with no group: it is assigned partitions and never commits. */
    KafkaConsumer<String, String> newConsumer(String clientId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * The consumer's own metrics (records lag, fetch latency...) as {@code kafka_consumer_*} meters,
     * like the other services' Spring Kafka consumers have, for the lag panels and alerts. Close it
     * with the consumer: that removes the meters, so a replacement consumer registers fresh ones.
     */
    KafkaClientMetrics instrument(KafkaConsumer<String, String> consumer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(meters);
        return metrics;
    }

    /** Creates the topics this service reads when they are missing; returns the messages topic's id. */
    String ensureTopics(RealtimeProperties properties) throws InterruptedException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            for (String topic : List.of(Topics.REALTIME_MESSAGES, CLUSTER_TOPIC)) {
                try {
                    admin.createTopics(List.of(
                                    new NewTopic(topic, Optional.of(properties.partitions()), Optional.empty())))
                            .all()
                            .get(10, TimeUnit.SECONDS);
                    log.info("created topic {} with {} partitions", topic, properties.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not answer creating " + topic, e);
                }
            }
            try {
                var description = admin.describeTopics(List.of(Topics.REALTIME_MESSAGES))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(Topics.REALTIME_MESSAGES);
                return description.topicId().toString().substring(0, 8);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot describe " + Topics.REALTIME_MESSAGES, e);
            }
        }
    }
}
