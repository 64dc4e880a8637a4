package io.leadpulse.enrichment.integrations;

import io.leadpulse.platform.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class IntegrationsConfiguration {

    /**
     * {@code integration.events} and its dead-letter topic exist before the first page is sent,
     * like the platform's own topics (platform's list does not name this one yet).
     */
    @Bean
    KafkaAdmin.NewTopics integrationTopics(
            @Value("${leadpulse.kafka.partitions:3}") int partitions,
            @Value("${leadpulse.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(
                new NewTopic(Topics.INTEGRATION_EVENTS, partitions, replicationFactor),
                new NewTopic(Topics.deadLetterOf(Topics.INTEGRATION_EVENTS), partitions, replicationFactor));
    }
}
