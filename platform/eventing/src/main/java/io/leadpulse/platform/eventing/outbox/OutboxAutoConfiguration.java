package io.leadpulse.platform.eventing.outbox;

import io.leadpulse.platform.events.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the outbox: writer, after-commit publisher and relay. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    OutboxPublisher outboxPublisher(
            KafkaTemplate<String, String> kafka, JdbcClient jdbc, MeterRegistry meters, OutboxProperties properties) {
        return new OutboxPublisher(kafka, jdbc, meters, properties.pauseAfterFailure());
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(
            JdbcClient jdbc,
            EventCodec codec,
            OutboxPublisher publisher,
            TraceparentSource traceparent,
            OutboxProperties properties,
            MeterRegistry meters) {
        return new JdbcOutbox(jdbc, codec, publisher, traceparent, properties.publishAfterCommit(), meters);
    }

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            OutboxPublisher publisher,
            TransactionTemplate transactions,
            OutboxProperties properties,
            MeterRegistry meters) {
        return new OutboxRelay(jdbc, publisher, transactions, properties, meters);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class Tracing {
        @Bean
        @ConditionalOnMissingBean
        TraceparentSource traceparentSource(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer t = tracer.getIfAvailable();
            Propagator p = propagator.getIfAvailable();
            return t == null || p == null ? TraceparentSource.NONE : new MicrometerTraceparentSource(t, p);
        }

        @Bean
        @ConditionalOnMissingBean
        TraceContinuation traceContinuation(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer t = tracer.getIfAvailable();
            Propagator p = propagator.getIfAvailable();
            return t == null || p == null ? TraceContinuation.NONE : new MicrometerTraceContinuation(t, p);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    TraceparentSource noTraceparentSource() {
        return TraceparentSource.NONE;
    }

    @Bean
    @ConditionalOnMissingBean
    TraceContinuation noTraceContinuation() {
        return TraceContinuation.NONE;
    }
}
