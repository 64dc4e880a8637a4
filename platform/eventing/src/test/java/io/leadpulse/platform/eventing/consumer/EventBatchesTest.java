package io.leadpulse.platform.eventing.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.platform.eventing.outbox.EventingTestApplication;
import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.eventing.outbox.TraceContinuation;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link EventBatches} against the real {@code processed_event} table: one poll, one transaction, each event once. */
@SpringBootTest(classes = EventingTestApplication.class)
class EventBatchesTest {

    @Autowired
    EventCodec codec;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    /** The traceparent each effect ran under, null for a record that carried none. */
    final List<String> tracedAs = new CopyOnWriteArrayList<>();

    EventBatches batches;
    String consumer;
    long offset;

    @BeforeEach
    void setUp() {
        TraceContinuation recording = new TraceContinuation() {
            @Override
            public <T> T continueTrace(String traceparent, String spanName, Supplier<T> work) {
                tracedAs.add(String.valueOf(traceparent));
                return work.get();
            }
        };
        batches = new EventBatches(codec, jdbc, transactions, recording, meters);
        consumer = "test.batches." + UUID.randomUUID();
    }

    @Test
    void appliesAPollInOneTransactionAndAnEventTwiceInItOnce() {
        EventEnvelope a = event();
        EventEnvelope b = event();
        List<UUID> applied = new ArrayList<>();
        List<Long> transactionIds = new ArrayList<>();

        batches.consume(
                consumer,
                List.of(record(a), record(b), record(a)),
                envelope -> Optional.of(() -> {
                    applied.add(envelope.id());
                    transactionIds.add(currentTransactionId());
                }));

        assertThat(applied).containsExactly(a.id(), b.id());
        assertThat(transactionIds).hasSize(2).containsOnly(transactionIds.getFirst());
        assertThat(processed()).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(consumed("applied")).isEqualTo(2);
        assertThat(consumed("duplicate")).isEqualTo(1);
    }

    @Test
    void aRedeliveredPollChangesNothing() {
        EventEnvelope a = event();
        List<UUID> applied = new ArrayList<>();
        batches.consume(consumer, List.of(record(a)), envelope -> Optional.of(() -> applied.add(envelope.id())));

        batches.consume(consumer, List.of(record(a)), envelope -> Optional.of(() -> applied.add(envelope.id())));

        assertThat(applied).containsExactly(a.id());
        assertThat(consumed("duplicate")).isEqualTo(1);
    }

    @Test
    void eventsTheConsumerDoesNotHandleAreSkippedAndNotRecorded() {
        EventEnvelope handled = event();
        EventEnvelope other = event();

        batches.consume(
                consumer,
                List.of(record(other), record(handled)),
                envelope -> envelope.id().equals(handled.id()) ? Optional.of(() -> {}) : Optional.empty());

        assertThat(processed()).containsExactly(handled.id());
    }

    @Test
    void aRecordThatFailsOnItsOwnIsReportedWithItsIndexAndTheOnesBeforeItStayApplied() {
        EventEnvelope first = event();
        EventEnvelope poison = event();
        EventEnvelope after = event();
        List<UUID> applied = new ArrayList<>();

        assertThatThrownBy(() -> batches.consume(
                        consumer,
                        List.of(record(first), record(poison), record(after)),
                        envelope -> Optional.of(() -> {
                            if (envelope.id().equals(poison.id())) {
                                throw new IllegalStateException("this event always fails");
                            }
                            applied.add(envelope.id());
                        })))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        failed -> assertThat(failed.getIndex()).isEqualTo(1))
                .hasRootCauseMessage("this event always fails");

        // the batch rolled back whole, then the first record committed alone; the last waits for the retry
        assertThat(processed()).containsExactly(first.id());
        assertThat(applied).containsExactly(first.id(), first.id());
    }

    @Test
    void aMalformedRecordIsReportedWithItsIndex() {
        EventEnvelope good = event();
        ConsumerRecord<String, String> malformed =
                new ConsumerRecord<>(Topics.LEAD_EVENTS, 0, offset++, "key", "{not json");

        assertThatThrownBy(() ->
                        batches.consume(consumer, List.of(record(good), malformed), envelope -> Optional.of(() -> {})))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        failed -> assertThat(failed.getIndex()).isEqualTo(1))
                .hasCauseInstanceOf(EventCodec.MalformedEventException.class);
        assertThat(processed()).containsExactly(good.id());
    }

    @Test
    void eachEffectRunsInTheTraceItsRecordCarries() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        ConsumerRecord<String, String> traced = record(event());
        traced.headers().add(OutboxPublisher.HEADER_TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));

        batches.consume(consumer, List.of(traced, record(event())), envelope -> Optional.of(() -> {}));

        assertThat(tracedAs).containsExactly(traceparent, "null");
    }

    @Test
    void aroundRunsTheEffectsOnceInsideTheTransaction() {
        List<Boolean> insideTransaction = new ArrayList<>();
        List<String> order = new ArrayList<>();

        batches.consume(
                consumer,
                List.of(record(event()), record(event())),
                envelope -> Optional.of(() -> order.add("effect")),
                effects -> {
                    insideTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
                    order.add("before");
                    effects.run();
                    order.add("after");
                });

        assertThat(insideTransaction).containsExactly(true);
        assertThat(order).containsExactly("before", "effect", "effect", "after");
    }

    private EventEnvelope event() {
        return codec.wrap(
                new LeadEvent.LeadCreated(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        "Ada",
                        "Lovelace",
                        "ada@example.test",
                        null,
                        "Engines",
                        "NEW",
                        null,
                        List.of(),
                        "test",
                        null,
                        Instant.now()),
                null);
    }

    private ConsumerRecord<String, String> record(EventEnvelope envelope) {
        return new ConsumerRecord<>(Topics.LEAD_EVENTS, 0, offset++, envelope.subject(), codec.toJson(envelope));
    }

    private long currentTransactionId() {
        return jdbc.sql("select txid_current()").query(Long.class).single();
    }

    private List<UUID> processed() {
        return jdbc.sql("select event_id from processed_event where consumer = :consumer")
                .param("consumer", consumer)
                .query(UUID.class)
                .list();
    }

    private double consumed(String outcome) {
        var counter = meters.find("leadpulse.events.consumed")
                .tag("consumer", consumer)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
