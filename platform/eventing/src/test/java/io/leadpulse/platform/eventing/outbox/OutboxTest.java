package io.leadpulse.platform.eventing.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
class OutboxTest {

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    EventCodec codec;

    @Autowired
    IdempotentConsumer idempotent;

    @Autowired
    EventingTestApplication.RecordingListener recorder;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    MeterRegistry meters;

    TopicProbe probe;

    @BeforeEach
    void subscribe() {
        probe = TopicProbe.subscribe(
                Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES, Topics.deadLetterOf(Topics.NOTIFICATION_EVENTS));
    }

    @AfterEach
    void close() {
        probe.close();
    }

    @Test
    void publishesACommittedEventRightAfterCommitAndMarksItPublished() {
        LeadEvent.LeadCreated event = leadCreated();

        transactions.executeWithoutResult(status -> outbox.publish(event));

        ConsumerRecord<String, String> record =
                probe.awaitKey(Topics.LEAD_EVENTS, event.leadId().toString());
        EventEnvelope envelope = codec.readEnvelope(record.value());
        assertThat(envelope.type()).isEqualTo("lead.created");
        assertThat(codec.decode(envelope)).contains(event);
        assertThat(TopicProbe.header(record, OutboxPublisher.HEADER_EVENT_ID))
                .isEqualTo(envelope.id().toString());
        await().untilAsserted(() -> assertThat(publishedAt(envelope.id())).isNotNull());
    }

    @Test
    void publishesABatchWithOneStatementInOrderAfterCommit() {
        List<LeadEvent.LeadCreated> batch = List.of(leadCreated(), leadCreated(), leadCreated());

        transactions.executeWithoutResult(status -> outbox.publishAll(batch));

        for (LeadEvent.LeadCreated event : batch) {
            ConsumerRecord<String, String> record =
                    probe.awaitKey(Topics.LEAD_EVENTS, event.leadId().toString());
            assertThat(codec.decode(codec.readEnvelope(record.value()))).contains(event);
            assertThat(countRows(event.leadId().toString())).isEqualTo(1);
        }
        await().untilAsserted(() -> assertThat(batch)
                .allSatisfy(event ->
                        assertThat(publishedAtOfKey(event.leadId().toString())).isNotNull()));
    }

    @Test
    void aRolledBackBatchLeavesNoRow() {
        List<LeadEvent.LeadCreated> batch = List.of(leadCreated(), leadCreated());

        transactions.executeWithoutResult(status -> {
            outbox.publishAll(batch);
            status.setRollbackOnly();
        });

        assertThat(batch)
                .allSatisfy(event ->
                        assertThat(countRows(event.leadId().toString())).isZero());
        assertThatThrownBy(() -> outbox.publishAll(batch)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void storesAndSendsNothingWhenTheTransactionRollsBack() {
        LeadEvent.LeadCreated event = leadCreated();

        transactions.executeWithoutResult(status -> {
            outbox.publish(event);
            status.setRollbackOnly();
        });
        // A later event on the same topic proves the consumer has caught up past where the first would be.
        LeadEvent.LeadCreated marker = leadCreated();
        transactions.executeWithoutResult(status -> outbox.publish(marker));

        probe.awaitKey(Topics.LEAD_EVENTS, marker.leadId().toString());
        assertThat(probe.seen()).noneMatch(r -> event.leadId().toString().equals(r.key()));
        assertThat(countRows(event.leadId().toString())).isZero();
    }

    @Test
    void countsWhatCommittedTransactionsRecordedByTypeAndNothingRolledBack() {
        double before = committed("lead.created");
        double realtimeBefore = committed(JdbcOutbox.REALTIME_TYPE);

        transactions.executeWithoutResult(status -> {
            outbox.publishAll(List.of(leadCreated(), leadCreated()));
            UUID orgId = UUID.randomUUID();
            outbox.publish(
                    RealtimeMessage.of(orgId, List.of(RealtimeMessage.Channels.org(orgId)), "lead.created", Map.of()));
        });
        transactions.executeWithoutResult(status -> {
            outbox.publish(leadCreated());
            status.setRollbackOnly();
        });

        assertThat(committed("lead.created") - before).isEqualTo(2.0);
        assertThat(committed(JdbcOutbox.REALTIME_TYPE) - realtimeBefore).isEqualTo(1.0);
    }

    private double committed(String type) {
        var counter =
                meters.find("leadpulse.events.committed").tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void refusesToWriteOutsideATransaction() {
        assertThatThrownBy(() -> outbox.publish(leadCreated()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the business transaction");
    }

    @Test
    void relayPublishesWhatACrashBetweenCommitAndSendLeftBehind() {
        // The same writer with its after-commit send switched off: the row commits and nothing is
        // sent, exactly the state a process killed right after commit leaves.
        JdbcOutbox crashedBeforeSend = new JdbcOutbox(jdbc, codec, publisher, TraceparentSource.NONE, false, meters);
        LeadEvent.LeadCreated event = leadCreated();

        transactions.executeWithoutResult(status -> crashedBeforeSend.publish(event));

        ConsumerRecord<String, String> record =
                probe.awaitKey(Topics.LEAD_EVENTS, event.leadId().toString());
        UUID id = codec.readEnvelope(record.value()).id();
        await().untilAsserted(() -> assertThat(publishedAt(id)).isNotNull());
        assertThat(meters.counter("leadpulse.outbox.published", "path", "relay").count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void realtimeMessagesAreKeyedByOrganisation() {
        UUID orgId = UUID.randomUUID();
        RealtimeMessage message =
                RealtimeMessage.of(orgId, List.of(RealtimeMessage.Channels.org(orgId)), "lead.created", Map.of("n", 1));

        transactions.executeWithoutResult(status -> outbox.publish(message));

        ConsumerRecord<String, String> record = probe.awaitKey(Topics.REALTIME_MESSAGES, orgId.toString());
        RealtimeMessage read = codec.read(record.value(), RealtimeMessage.class);
        assertThat(read.id()).isEqualTo(message.id());
        assertThat(read.channels()).containsExactly("private-org-" + orgId);
    }

    @Test
    void appliesARedeliveredEventOnlyOnce() {
        EventEnvelope event = codec.wrap(leadCreated(), null);
        AtomicInteger effects = new AtomicInteger();

        boolean first = idempotent.apply("test.once", event, effects::incrementAndGet);
        boolean second = idempotent.apply("test.once", event, effects::incrementAndGet);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(effects).hasValue(1);
    }

    @Test
    void forgetsTheEventIdWhenTheEffectFailsSoARetryApplies() {
        EventEnvelope event = codec.wrap(leadCreated(), null);
        AtomicInteger effects = new AtomicInteger();

        assertThatThrownBy(() -> idempotent.apply("test.retry", event, () -> {
                    throw new IllegalStateException("database hiccup");
                }))
                .isInstanceOf(IllegalStateException.class);
        boolean retried = idempotent.apply("test.retry", event, effects::incrementAndGet);

        assertThat(retried).isTrue();
        assertThat(effects).hasValue(1);
    }

    @Test
    void listenerAppliesAnEventDeliveredTwiceOnce() {
        EventEnvelope event = codec.wrap(leadCreated(), null);
        String json = codec.toJson(event);

        kafka.send(Topics.NOTIFICATION_EVENTS, event.subject(), json);
        kafka.send(Topics.NOTIFICATION_EVENTS, event.subject(), json);
        EventEnvelope after = codec.wrap(leadCreated(), null);
        kafka.send(Topics.NOTIFICATION_EVENTS, event.subject(), codec.toJson(after));

        await().until(() -> recorder.applied.stream().anyMatch(e -> e.id().equals(after.id())));
        assertThat(recorder.applied).filteredOn(e -> e.id().equals(event.id())).hasSize(1);
    }

    @Test
    void sendsAnEventThatKeepsFailingToTheDeadLetterTopicAfterBoundedRetries() {
        String subject = UUID.randomUUID().toString();
        String poison = codec.toJson(new EventEnvelope(
                UUID.randomUUID(),
                "test.poisoned",
                1,
                Instant.now(),
                UUID.randomUUID(),
                subject,
                null,
                codec.mapper().createObjectNode().put("poison", true)));

        kafka.send(Topics.NOTIFICATION_EVENTS, subject, poison);

        ConsumerRecord<String, String> dead = probe.awaitKey(Topics.deadLetterOf(Topics.NOTIFICATION_EVENTS), subject);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(meters.counter("leadpulse.kafka.dead.letters", "topic", Topics.NOTIFICATION_EVENTS)
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void sendsMalformedJsonStraightToTheDeadLetterTopic() {
        String key = UUID.randomUUID().toString();

        kafka.send(Topics.NOTIFICATION_EVENTS, key, "{not json");

        ConsumerRecord<String, String> dead = probe.awaitKey(Topics.deadLetterOf(Topics.NOTIFICATION_EVENTS), key);
        assertThat(dead.value()).isEqualTo("{not json");
    }

    private Instant publishedAt(UUID id) {
        return jdbc.sql("select published_at from outbox where id = ?")
                .param(id)
                .query(Instant.class)
                .optional()
                .orElse(null);
    }

    private long countRows(String key) {
        return jdbc.sql("select count(*) from outbox where aggregateid = ?")
                .param(key)
                .query(Long.class)
                .single();
    }

    private static LeadEvent.LeadCreated leadCreated() {
        return new LeadEvent.LeadCreated(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "Grace",
                "Hopper",
                "grace@example.test",
                null,
                "Navy",
                "NEW",
                null,
                List.of(),
                "test",
                null,
                Instant.now());
    }

    private Instant publishedAtOfKey(String key) {
        return jdbc.sql("select published_at from outbox where aggregateid = :key")
                .param("key", key)
                .query((rs, n) ->
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .single();
    }
}
