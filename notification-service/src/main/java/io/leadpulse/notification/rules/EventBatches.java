package io.leadpulse.notification.rules;

import io.leadpulse.notification.inbox.NotificationService;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one Kafka poll in ONE transaction (ADR 0017): the batch's event ids are recorded in
 * {@code processed_event} with one statement (an id seen before, or twice in the batch, is applied
 * once), the rules run in the records' order, and the notifications they produce are written
 * together at the end ({@link NotificationService#collecting}). When the batch fails, its records
 * are applied one by one, each in its own transaction, so the first one that fails on its own is
 * the one retried and sent to the dead-letter topic ({@link FailedRecord}).
 */
@Component
class EventBatches {

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);

    private final EventCodec codec;
    private final TransactionTemplate transactions;
    private final ProcessedEventRepository processed;
    private final NotificationService notifications;
    private final MeterRegistry meters;

    EventBatches(
            EventCodec codec,
            TransactionTemplate transactions,
            ProcessedEventRepository processed,
            NotificationService notifications,
            MeterRegistry meters) {
        this.codec = codec;
        this.transactions = transactions;
        this.processed = processed;
        this.notifications = notifications;
        this.meters = meters;
    }

    /** The record at {@code index} of the batch failed on its own; the ones before it are applied. */
    static final class FailedRecord extends RuntimeException {
        final int index;

        FailedRecord(int index, RuntimeException cause) {
            super("record " + index + " of the batch failed", cause);
            this.index = index;
        }
    }

    /**
     * @param effectOf the rules of one event, run in the batch's transaction; empty for an event
     *     this consumer does not handle (skipped, not recorded)
     * @throws FailedRecord when a record fails even alone
     */
    void consume(String consumer, List<String> records, Function<EventEnvelope, Optional<Runnable>> effectOf) {
        try {
            count(consumer, transactions.execute(status -> applyTogether(consumer, records, effectOf)));
        } catch (RuntimeException batchFailure) {
            if (records.size() == 1) {
                throw new FailedRecord(0, batchFailure);
            }
            log.warn(
                    "event batch failed, applying its records one by one: consumer={} records={} cause={}",
                    consumer,
                    records.size(),
                    batchFailure.toString());
            for (int i = 0; i < records.size(); i++) {
                List<String> one = java.util.Collections.singletonList(records.get(i));
                List<Outcome> outcomes;
                try {
                    outcomes = transactions.execute(status -> applyTogether(consumer, one, effectOf));
                } catch (RuntimeException e) {
                    throw new FailedRecord(i, e);
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
            String consumer, List<String> records, Function<EventEnvelope, Optional<Runnable>> effectOf) {
        List<EventEnvelope> relevant = new ArrayList<>(records.size());
        List<Runnable> effects = new ArrayList<>(records.size());
        for (String json : records) {
            EventEnvelope envelope = codec.readEnvelope(json);
            effectOf.apply(envelope).ifPresent(effect -> {
                relevant.add(envelope);
                effects.add(effect);
            });
        }
        Set<UUID> fresh = processed.claim(consumer, relevant);
        List<Outcome> outcomes = new ArrayList<>(relevant.size());
        notifications.collecting(() -> {
            for (int i = 0; i < relevant.size(); i++) {
                EventEnvelope envelope = relevant.get(i);
                // remove: an id twice in one poll (the relay sent it twice) is applied once
                boolean fresh1 = fresh.remove(envelope.id());
                outcomes.add(new Outcome(envelope.type(), fresh1));
                if (fresh1) {
                    effects.get(i).run();
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
}
