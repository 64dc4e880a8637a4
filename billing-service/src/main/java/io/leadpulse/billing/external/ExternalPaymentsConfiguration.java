package io.leadpulse.billing.external;

import io.leadpulse.platform.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class ExternalPaymentsConfiguration {

    /** The listener's topic and its dead-letter topic exist even before enrichment-service first runs. */
    @Bean
    KafkaAdmin.NewTopics integrationTopics(
            @Value("${leadpulse.kafka.partitions:3}") int partitions,
            @Value("${leadpulse.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(
                new NewTopic(Topics.INTEGRATION_EVENTS, partitions, replicationFactor),
                new NewTopic(Topics.deadLetterOf(Topics.INTEGRATION_EVENTS), partitions, replicationFactor));
    }
}
