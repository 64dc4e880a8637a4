package io.leadpulse.platform.eventing.consumer;

import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.eventing.outbox.TraceContinuation;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one Kafka poll in ONE transaction (ADR 0017), so a consumer's cost per event falls as
 * load rises: the batch's event ids go into {@code processed_event} with one statement (an id seen
 * before, or twice in the batch, is applied once), and the effects run in the records' order, each
 * in the trace its record carries. When the batch fails, its records are applied one by one, each
 * in its own transaction; the first that fails on its own is reported with its index
 * ({@link BatchListenerFailedException}), so the records before it stay committed and the error
 * handler retries it, then sends it to the dead-letter topic.
 */
public class EventBatches {

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);

    private final EventCodec codec;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TraceContinuation traces;
    private final MeterRegistry meters;

    public EventBatches(
            EventCodec codec,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TraceContinuation traces,
            MeterRegistry meters) {
        this.codec = codec;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.traces = traces;
        this.meters = meters;
    }

    /** {@link #consume(String, List, Function, Consumer)} with nothing around the effects. */
    public void consume(
            String consumer,
            List<ConsumerRecord<String, String>> records,
            Function<EventEnvelope, Optional<Runnable>> effectOf) {
        consume(consumer, records, effectOf, Runnable::run);
    }

    /**
     * @param consumer a stable name for the effect, recorded with each applied event id
     * @param effectOf the effect of one event, run in the batch's transaction; empty for an event
     *     this consumer does not handle (skipped, not recorded)
     * @param around runs the batch's effects, inside its transaction (a consumer that writes what
     *     the effects collected at the end, for example); must run what it is given once
     * @throws BatchListenerFailedException when a record fails even alone
     */
    public void consume(
            String consumer,
            List<ConsumerRecord<String, String>> records,
            Function<EventEnvelope, Optional<Runnable>> effectOf,
            Consumer<Runnable> around) {
        try {
            count(consumer, transactions.execute(status -> applyTogether(consumer, records, effectOf, around)));
        } catch (RuntimeException batchFailure) {
            if (records.size() == 1) {
                throw new BatchListenerFailedException("record 0 of the batch failed", batchFailure, 0);
            }
            log.warn(
                    "event batch failed, applying its records one by one: consumer={} records={} cause={}",
                    consumer,
                    records.size(),
                    batchFailure.toString());
            for (int i = 0; i < records.size(); i++) {
                List<ConsumerRecord<String, String>> one = List.of(records.get(i));
                List<Outcome> outcomes;
                try {
                    outcomes = transactions.execute(status -> applyTogether(consumer, one, effectOf, around));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("record " + i + " of the batch failed", e, i);
                }
                count(consumer, outcomes);
            }
        }
    }

    private record Outcome(String type, boolean applied) {}

    /** Counted once the transaction committed. */
    private void count(String consumer, List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            Counter.builder("leadpulse.events.consumed")
                    .description("Events handled by a consumer, by outcome")
                    .tag("consumer", consumer)
                    .tag("type", outcome.type())
                    .tag("outcome", outcome.applied() ? "applied" : "duplicate")
                    .register(meters)
                    .increment();
        }
    }

    private List<Outcome> applyTogether(
            String consumer,
            List<ConsumerRecord<String, String>> records,
            Function<EventEnvelope, Optional<Runnable>> effectOf,
            Consumer<Runnable> around) {
        List<EventEnvelope> relevant = new ArrayList<>(records.size());
        List<Runnable> effects = new ArrayList<>(records.size());
        List<String> traceparents = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            EventEnvelope envelope = codec.readEnvelope(record.value());
            effectOf.apply(envelope).ifPresent(effect -> {
                relevant.add(envelope);
                effects.add(effect);
                traceparents.add(traceparent(record));
            });
        }
        Set<UUID> fresh = claim(consumer, relevant);
        List<Outcome> outcomes = new ArrayList<>(relevant.size());
        around.accept(() -> {
            for (int i = 0; i < relevant.size(); i++) {
                EventEnvelope envelope = relevant.get(i);
                // remove: an id twice in one poll (the relay sent it twice) is applied once
                boolean first = fresh.remove(envelope.id());
                outcomes.add(new Outcome(envelope.type(), first));
                if (first) {
                    Runnable effect = effects.get(i);
                    traces.continueTrace(traceparents.get(i), consumer, () -> {
                        effect.run();
                        return null;
                    });
                } else {
                    log.info(
                            "duplicate event ignored: consumer={} type={} id={}",
                            consumer,
                            envelope.type(),
                            envelope.id());
                }
            }
        });
        return outcomes;
    }

    /** Records these events as applied by {@code consumer}; returns the ids it had not applied before. */
    private Set<UUID> claim(String consumer, List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(jdbc.sql("""
                        insert into processed_event (consumer, event_id, event_type)
                        select :consumer, id, type
                        from unnest(cast(:ids as uuid[]), cast(:types as text[])) as e(id, type)
                        on conflict do nothing
                        returning event_id
                        """)
                .param("consumer", consumer)
                .param("ids", events.stream().map(EventEnvelope::id).toArray(UUID[]::new))
                .param("types", events.stream().map(EventEnvelope::type).toArray(String[]::new))
                .query(UUID.class)
                .list());
    }

    private static String traceparent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(OutboxPublisher.HEADER_TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
