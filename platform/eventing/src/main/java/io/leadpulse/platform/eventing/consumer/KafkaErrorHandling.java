package io.leadpulse.platform.eventing.consumer;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Blocking retries with exponential backoff, then the record goes to {@code <topic>.dlt}. Blocking
 * (not {@code @RetryableTopic}) keeps one aggregate's events in order. Events that can never be
 * processed skip the retries.
 */
public final class KafkaErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(KafkaErrorHandling.class);

    private KafkaErrorHandling() {}

    /**
     * Retry settings for consumers.
     *
     * @param maxRetries retries after the first attempt, before the dead-letter topic
     * @param initialInterval first backoff
     * @param multiplier backoff growth
     * @param maxInterval backoff ceiling
     */
    @ConfigurationProperties("leadpulse.kafka.retry")
    public record RetryProperties(
            Integer maxRetries, Duration initialInterval, Double multiplier, Duration maxInterval) {
        public RetryProperties {
            maxRetries = maxRetries == null ? 4 : maxRetries;
            initialInterval = initialInterval == null ? Duration.ofMillis(500) : initialInterval;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxInterval = maxInterval == null ? Duration.ofSeconds(5) : maxInterval;
        }
    }

    public static DefaultErrorHandler errorHandler(
            KafkaOperations<?, ?> template, RetryProperties retry, MeterRegistry meters) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                template, (record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxAttempts(retry.maxRetries());
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (ConsumerRecord<?, ?> record, Exception exception) -> {
                    Counter.builder("leadpulse.kafka.dead.letters")
                            .description("Records sent to a dead-letter topic after failing")
                            .tag("topic", record.topic())
                            .register(meters)
                            .increment();
                    log.error(
                            "event sent to dead-letter topic: topic={} partition={} offset={} key={} cause={}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            rootCause(exception).toString());
                    deadLetters.accept(record, exception);
                },
                backOff);
        handler.addNotRetryableExceptions(EventCodec.MalformedEventException.class, DeserializationException.class);
        return handler;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
