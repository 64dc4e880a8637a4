package io.leadpulse.platform.eventing.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sweeps what the after-commit send did not deliver (a crash between commit and send, a broker
 * outage). Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances of a service
 * share the work without sending a row twice at the same time.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final OutboxPublisher publisher;
    private final TransactionTemplate transactions;
    private final OutboxProperties properties;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private volatile Instant lastCleanup = Instant.EPOCH;

    public OutboxRelay(
            JdbcClient jdbc,
            OutboxPublisher publisher,
            TransactionTemplate transactions,
            OutboxProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.transactions = transactions;
        this.properties = properties;
        Gauge.builder("leadpulse.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet published")
                .register(meters);
        Gauge.builder("leadpulse.outbox.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("Age in seconds of the oldest unpublished outbox row")
                .baseUnit("seconds")
                .register(meters);
    }

    @Scheduled(
            fixedDelayString = "${leadpulse.outbox.relay-interval:1s}",
            initialDelayString = "${leadpulse.outbox.relay-interval:1s}")
    public void sweep() {
        try {
            int sent;
            do {
                sent = relayOnce();
            } while (sent == properties.batchSize());
            measure();
            cleanUpIfDue();
        } catch (RuntimeException e) {
            log.warn("outbox relay round failed: {}", e.toString());
        }
    }

    /** Sends one batch of stale unpublished rows; returns how many were sent. */
    public int relayOnce() {
        Integer sent = transactions.execute(status -> {
            List<OutboxRecord> stale = jdbc.sql("""
                            select id, aggregatetype, aggregateid, type, payload::text as payload, traceparent
                            from outbox
                            where published_at is null and created_at < :cutoff
                            order by created_at
                            limit :limit
                            for update skip locked
                            """)
                    .param("cutoff", Timestamp.from(Instant.now().minus(properties.relayGrace())))
                    .param("limit", properties.batchSize())
                    .query((rs, row) -> new OutboxRecord(
                            rs.getObject("id", UUID.class),
                            rs.getString("aggregatetype"),
                            rs.getString("aggregateid"),
                            rs.getString("type"),
                            rs.getString("payload"),
                            rs.getString("traceparent")))
                    .list();
            if (stale.isEmpty()) {
                return 0;
            }
            List<UUID> done = publisher.publishAndWait(stale, properties.sendTimeout());
            if (!done.isEmpty()) {
                publisher.markPublished(done);
            }
            log.info("outbox relay published {} of {} stale rows", done.size(), stale.size());
            return done.size();
        });
        return sent == null ? 0 : sent;
    }

    private void measure() {
        jdbc.sql("""
                        select count(*) as backlog,
                               coalesce(extract(epoch from now() - min(created_at)), 0) as oldest
                        from outbox where published_at is null
                        """).query(rs -> {
            backlog.set(rs.getLong("backlog"));
            oldestAgeSeconds.set((long) rs.getDouble("oldest"));
        });
    }

    private void cleanUpIfDue() {
        Instant now = Instant.now();
        if (lastCleanup.isAfter(now.minusSeconds(60))) {
            return;
        }
        lastCleanup = now;
        int deleted = jdbc.sql("delete from outbox where published_at < :before")
                .param("before", Timestamp.from(now.minus(properties.retention())))
                .update();
        if (deleted > 0) {
            log.debug("outbox cleanup deleted {} published rows", deleted);
        }
    }
}
