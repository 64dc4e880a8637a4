package io.leadpulse.platform.eventing.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends outbox rows to Kafka and marks them published. Marking happens on one background thread
 * in batches, never on the producer's I/O thread. A row whose send fails stays unpublished and the
 * relay sends it again: delivery is at least once, and consumers are idempotent.
 *
 * <p>After a failed send the after-commit path pauses (ADR 0031): while the broker is away every
 * send would wait {@code max.block.ms} for metadata, so committed rows would pile up in the
 * sender's queue, in heap, faster than they fail. Paused, it leaves them in the table for the
 * relay, which resumes it as soon as one of its own sends is acknowledged.
 */
public class OutboxPublisher implements DisposableBean {

    public static final String HEADER_EVENT_ID = "leadpulse_event_id";
    public static final String HEADER_EVENT_TYPE = "leadpulse_event_type";
    public static final String HEADER_TRACEPARENT = "traceparent";

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final JdbcClient jdbc;
    private final Counter publishedAfterCommit;
    private final Counter publishedByRelay;
    private final Counter sendFailures;
    private final LinkedBlockingQueue<UUID> acknowledged = new LinkedBlockingQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ExecutorService marker = Executors.newSingleThreadExecutor(daemon("outbox-marker"));
    /**
     * Sends committed rows off the caller's thread: a producer waiting for an unreachable broker
     * must not hold a web request. One thread keeps the commit order; when the queue is full the
     * rows stay unpublished and the relay sends them.
     */
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(10_000),
            daemon("outbox-sender"),
            (task, executor) -> deferredToRelay());

    private final Counter deferred;
    private final long pauseNanos;
    /** System.nanoTime() before which the after-commit path leaves rows to the relay; 0 when not paused. */
    private volatile long pausedUntil;

    /** @param pauseAfterFailure how long the after-commit path leaves rows to the relay after a failed send */
    public OutboxPublisher(
            KafkaTemplate<String, String> kafka, JdbcClient jdbc, MeterRegistry meters, Duration pauseAfterFailure) {
        this.kafka = kafka;
        this.jdbc = jdbc;
        this.pauseNanos = pauseAfterFailure.toNanos();
        this.publishedAfterCommit = Counter.builder("leadpulse.outbox.published")
                .description("Outbox rows sent to Kafka")
                .tag("path", "after_commit")
                .register(meters);
        this.publishedByRelay = Counter.builder("leadpulse.outbox.published")
                .description("Outbox rows sent to Kafka")
                .tag("path", "relay")
                .register(meters);
        this.sendFailures = Counter.builder("leadpulse.outbox.send.failures")
                .description("Outbox sends that failed and were left for the relay")
                .register(meters);
        this.deferred = Counter.builder("leadpulse.outbox.deferred")
                .description("Committed rows left for the relay: the sender queue was full, or a send had just failed")
                .register(meters);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private void deferredToRelay() {
        deferred.increment();
    }

    /** Right after commit: queue the rows and return at once; the relay covers a failure or a crash. */
    void publishCommitted(List<OutboxRecord> records) {
        if (paused()) {
            deferred.increment(records.size());
            return;
        }
        sender.execute(() -> sendCommitted(records));
    }

    private void sendCommitted(List<OutboxRecord> records) {
        for (OutboxRecord record : records) {
            if (paused()) {
                deferred.increment();
                continue;
            }
            try {
                send(record).whenComplete((result, error) -> {
                    if (error == null) {
                        publishedAfterCommit.increment();
                        acknowledge(record.id());
                    } else {
                        failedAfterCommit(record, error);
                    }
                });
            } catch (RuntimeException e) {
                failedAfterCommit(record, e);
            }
        }
    }

    private void failedAfterCommit(OutboxRecord record, Throwable error) {
        sendFailures.increment();
        boolean wasPaused = paused();
        pausedUntil = System.nanoTime() + pauseNanos;
        if (!wasPaused) {
            log.warn(
                    "outbox send failed, committed rows are left to the relay for {} ms: id={} type={} cause={}",
                    pauseNanos / 1_000_000,
                    record.id(),
                    record.type(),
                    error.toString());
        }
    }

    /** True while the after-commit path leaves rows to the relay after a failed send. */
    boolean paused() {
        long until = pausedUntil;
        return until != 0 && until - System.nanoTime() > 0;
    }

    private void resume() {
        if (pausedUntil != 0) {
            pausedUntil = 0;
            log.info("outbox relay reached the broker again, committed rows are sent right after commit");
        }
    }

    /** For the relay: send a batch and wait; returns the ids the broker acknowledged. */
    List<UUID> publishAndWait(List<OutboxRecord> records, Duration timeout) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (OutboxRecord record : records) {
            sends.add(send(record));
        }
        List<UUID> done = new ArrayList<>(records.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < records.size(); i++) {
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done.add(records.get(i).id());
                publishedByRelay.increment();
                resume();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                sendFailures.increment();
                log.warn(
                        "outbox relay send failed: id={} cause={}",
                        records.get(i).id(),
                        e.toString());
            }
        }
        return done;
    }

    private CompletableFuture<?> send(OutboxRecord record) {
        ProducerRecord<String, String> producerRecord =
                new ProducerRecord<>(record.topic(), null, record.key(), record.payload());
        producerRecord.headers().add(header(HEADER_EVENT_ID, record.id().toString()));
        producerRecord.headers().add(header(HEADER_EVENT_TYPE, record.type()));
        if (record.traceparent() != null) {
            producerRecord.headers().add(header(HEADER_TRACEPARENT, record.traceparent()));
        }
        return kafka.send(producerRecord);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void acknowledge(UUID id) {
        acknowledged.add(id);
        if (flushScheduled.compareAndSet(false, true)) {
            marker.execute(this::flushAcknowledged);
        }
    }

    private void flushAcknowledged() {
        flushScheduled.set(false);
        List<UUID> batch = new ArrayList<>();
        acknowledged.drainTo(batch);
        if (!batch.isEmpty()) {
            try {
                markPublished(batch);
            } catch (RuntimeException e) {
                // Unmarked rows are sent again by the relay; consumers drop the duplicates.
                log.warn("could not mark {} outbox rows published: {}", batch.size(), e.toString());
            }
        }
    }

    void markPublished(List<UUID> ids) {
        jdbc.sql("update outbox set published_at = now() where id = any(:ids) and published_at is null")
                .param("ids", ids.toArray(UUID[]::new))
                .update();
    }

    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        marker.execute(this::flushAcknowledged);
        marker.shutdown();
        marker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
