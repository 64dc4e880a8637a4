package io.leadpulse.platform.eventing.consumer;

import io.leadpulse.platform.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies each event at most once per consumer: the event id is recorded in the same transaction
 * as the effect, so a redelivery (Kafka is at least once, the outbox relay may send twice) finds
 * the id and changes nothing. If the effect fails, the id is rolled back with it and the event is
 * retried.
 */
public class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    public IdempotentConsumer(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Runs {@code effect} in a transaction unless {@code consumer} already applied this event.
     *
     * @param consumer a stable name for the effect, such as {@code notification.lead-created}
     * @return true when the effect ran, false for a duplicate
     */
    public boolean apply(String consumer, EventEnvelope event, Runnable effect) {
        Boolean applied = transactions.execute(status -> {
            int inserted = jdbc.sql("""
                            insert into processed_event (consumer, event_id, event_type)
                            values (:consumer, :id, :type)
                            on conflict do nothing
                            """)
                    .param("consumer", consumer)
                    .param("id", event.id())
                    .param("type", event.type())
                    .update();
            if (inserted == 0) {
                return false;
            }
            effect.run();
            return true;
        });
        boolean ran = Boolean.TRUE.equals(applied);
        Counter.builder("leadpulse.events.consumed")
                .description("Events handled by a consumer, by outcome")
                .tag("consumer", consumer)
                .tag("type", event.type())
                .tag("outcome", ran ? "applied" : "duplicate")
                .register(meters)
                .increment();
        if (!ran) {
            log.info("duplicate event ignored: consumer={} type={} id={}", consumer, event.type(), event.id());
        }
        return ran;
    }
}
