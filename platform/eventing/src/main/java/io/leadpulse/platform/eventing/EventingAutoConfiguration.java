package io.leadpulse.platform.eventing;

import io.leadpulse.platform.eventing.consumer.EventBatches;
import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.eventing.consumer.KafkaErrorHandling;
import io.leadpulse.platform.eventing.outbox.OutboxAutoConfiguration;
import io.leadpulse.platform.eventing.outbox.TraceContinuation;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event backbone every service gets by depending on this module: the codec, the outbox, the
 * idempotent consumer (one event, or a whole poll: {@link EventBatches}), blocking retries with
 * dead-letter topics, and the topics themselves.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        },
        beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAnnotationDrivenConfiguration")
@EnableConfigurationProperties(KafkaErrorHandling.RetryProperties.class)
@Import(OutboxAutoConfiguration.class)
public class EventingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotentConsumer idempotentConsumer(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meters) {
        return new IdempotentConsumer(jdbc, transactions, meters);
    }

    @Bean
    @ConditionalOnMissingBean
    EventBatches eventBatches(
            EventCodec codec,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TraceContinuation traces,
            MeterRegistry meters) {
        return new EventBatches(codec, jdbc, transactions, traces, meters);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler kafkaErrorHandler(
            KafkaTemplate<String, String> template, KafkaErrorHandling.RetryProperties retry, MeterRegistry meters) {
        return KafkaErrorHandling.errorHandler(template, retry, meters);
    }

    /** Every context topic and its dead-letter topic exist before anyone produces or listens. */
    @Bean
    KafkaAdmin.NewTopics leadpulseTopics(
            @Value("${leadpulse.kafka.partitions:3}") int partitions,
            @Value("${leadpulse.kafka.replication-factor:1}") short replicationFactor) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : List.of(
                Topics.LEAD_EVENTS,
                Topics.MESSAGING_EVENTS,
                Topics.BILLING_EVENTS,
                Topics.ENRICHMENT_EVENTS,
                Topics.NOTIFICATION_EVENTS,
                Topics.INTEGRATION_EVENTS,
                Topics.REALTIME_MESSAGES)) {
            topics.add(new NewTopic(topic, partitions, replicationFactor));
            topics.add(new NewTopic(Topics.deadLetterOf(topic), partitions, replicationFactor));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
