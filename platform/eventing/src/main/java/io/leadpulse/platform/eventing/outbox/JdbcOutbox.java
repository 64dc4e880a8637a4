package io.leadpulse.platform.eventing.outbox;

import io.leadpulse.platform.events.DomainEvent;
import io.leadpulse.platform.events.EventCatalog;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Inserts outbox rows in the caller's transaction and hands them to the publisher after commit.
 * Also counts what each committed transaction recorded, by event type
 * ({@code leadpulse.events.committed{type}}): the business counters of every service (leads
 * created, hot leads, messages sent and received, payments) without a counter per feature, and
 * never for a change that rolled back. Types come from the event catalogue, so the label is
 * bounded.
 */
class JdbcOutbox implements Outbox {

    static final String REALTIME_TYPE = "realtime.message";

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final OutboxPublisher publisher;
    private final TraceparentSource traceparent;
    private final boolean publishAfterCommit;
    private final MeterRegistry meters;

    JdbcOutbox(
            JdbcClient jdbc,
            EventCodec codec,
            OutboxPublisher publisher,
            TraceparentSource traceparent,
            boolean publishAfterCommit,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.publisher = publisher;
        this.traceparent = traceparent;
        this.publishAfterCommit = publishAfterCommit;
        this.meters = meters;
    }

    @Override
    public void publish(DomainEvent event) {
        String trace = traceparent.current();
        EventEnvelope envelope = codec.wrap(event, trace);
        insert(new OutboxRecord(
                envelope.id(),
                EventCatalog.topicOf(event.getClass()),
                envelope.subject(),
                envelope.type(),
                codec.toJson(envelope),
                trace));
    }

    @Override
    public void publishAll(List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String trace = traceparent.current();
        List<OutboxRecord> records = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            EventEnvelope envelope = codec.wrap(event, trace);
            records.add(new OutboxRecord(
                    envelope.id(),
                    EventCatalog.topicOf(event.getClass()),
                    envelope.subject(),
                    envelope.type(),
                    codec.toJson(envelope),
                    trace));
        }
        requireTransaction();
        jdbc.sql("""
                        insert into outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
                        select id, topic, key, type, cast(payload as jsonb), :traceparent
                        from unnest(cast(:ids as uuid[]), cast(:topics as text[]), cast(:keys as text[]),
                                    cast(:types as text[]), cast(:payloads as text[]))
                             as r(id, topic, key, type, payload)
                        """)
                .param("ids", records.stream().map(OutboxRecord::id).toArray(java.util.UUID[]::new))
                .param("topics", records.stream().map(OutboxRecord::topic).toArray(String[]::new))
                .param("keys", records.stream().map(OutboxRecord::key).toArray(String[]::new))
                .param("types", records.stream().map(OutboxRecord::type).toArray(String[]::new))
                .param("payloads", records.stream().map(OutboxRecord::payload).toArray(String[]::new))
                .param("traceparent", trace)
                .update();
        pendingInThisTransaction().addAll(records);
    }

    @Override
    public void publish(RealtimeMessage message) {
        // Keyed by org: one org's realtime messages stay in order on one partition.
        insert(new OutboxRecord(
                message.id(),
                Topics.REALTIME_MESSAGES,
                message.orgId().toString(),
                REALTIME_TYPE,
                codec.toJson(message),
                traceparent.current()));
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "Outbox.publish must run inside the business transaction (no transaction is active)");
        }
    }

    private void insert(OutboxRecord record) {
        requireTransaction();
        jdbc.sql("""
                        insert into outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
                        values (:id, :topic, :key, :type, cast(:payload as jsonb), :traceparent)
                        """)
                .param("id", record.id())
                .param("topic", record.topic())
                .param("key", record.key())
                .param("type", record.type())
                .param("payload", record.payload())
                .param("traceparent", record.traceparent())
                .update();
        pendingInThisTransaction().add(record);
    }

    private List<OutboxRecord> pendingInThisTransaction() {
        @SuppressWarnings("unchecked")
        List<OutboxRecord> pending = (List<OutboxRecord>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            List<OutboxRecord> created = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    countCommitted(created);
                    if (publishAfterCommit) {
                        publisher.publishCommitted(List.copyOf(created));
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcOutbox.this);
                }
            });
            return created;
        }
        return pending;
    }

    private void countCommitted(List<OutboxRecord> records) {
        for (OutboxRecord record : records) {
            Counter.builder("leadpulse.events.committed")
                    .description("Events and realtime messages recorded by committed transactions, by type")
                    .tag("type", record.type())
                    .register(meters)
                    .increment();
        }
    }
}
