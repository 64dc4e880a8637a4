package io.leadpulse.notification.bench;

import io.leadpulse.notification.NotificationServiceApplication;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.BenchMain;
import io.leadpulse.platform.test.TestInfrastructure;
import io.leadpulse.platform.test.TopicTail;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Notification latency (issue 7): from a {@code lead.became_hot} scheduled to be sent on
 * {@code lead.events} to a Kafka consumer seeing the {@code notification.created} realtime
 * message (the push to {@code private-user-{id}}) on {@code realtime.messages}. Open loop: events
 * leave at a fixed rate whatever the service does, and each latency counts from the event's
 * scheduled time, so a stall shows up instead of slowing the sender. Starts the real
 * notification-service in this JVM against embedded PostgreSQL and Kafka on free ports. Not a
 * test: {@code bench/notifications/run.sh [--rate N] [--seconds N] [--warmup-seconds N] [--drain-seconds N]
 * [--linger-ms N]}. The warm-up runs at the full rate, then its backlog drains before the measured phase.
 */
public final class NotificationBench {

    private static final Pattern SUBJECT = Pattern.compile("\"subjectId\":\"([0-9a-f-]{36})\"");

    private NotificationBench() {}

    public static void main(String[] args) {
        BenchMain.run(args, NotificationBench::bench);
    }

    private static int bench(Map<String, String> options) throws Exception {
        int rate = Integer.parseInt(options.getOrDefault("rate", "500"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "10"));
        int drainSeconds = Integer.parseInt(options.getOrDefault("drain-seconds", "120"));

        Map<String, Object> properties = new HashMap<>();
        ConfigurableApplicationContext app = BenchMain.startService(NotificationServiceApplication.class, properties);
        TestInfrastructure infra = TestInfrastructure.get();
        try {
            return run(app, infra, rate, seconds, warmupSeconds, drainSeconds, options.getOrDefault("linger-ms", "5"));
        } finally {
            app.close();
        }
    }

    private static int run(
            ConfigurableApplicationContext app,
            TestInfrastructure infra,
            int rate,
            int seconds,
            int warmup,
            int drainSeconds,
            String lingerMs)
            throws Exception {
        EventCodec codec = new EventCodec();
        UUID org = UUID.randomUUID();
        // 50 reps, each told about its own hot leads: the fan-out of a real org
        List<UUID> reps = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> UUID.randomUUID())
                .toList();

        Map<String, Long> scheduled = new ConcurrentHashMap<>();
        Histogram warm = new Histogram(3); // auto-resizing: a backlog of minutes is recorded, not thrown
        Histogram measured = new Histogram(3);
        Map<String, Histogram> phaseOf = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch ready = new CountDownLatch(1);
        Thread consumer = new Thread(() -> consume(infra, scheduled, phaseOf, running, ready), "bench-consumer");
        consumer.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the consumer did not get its partitions");
        }

        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        // The broker runs in this JVM too: batching the sends (as the outbox publisher does, linger 1 ms) keeps
        // its request handling from taking the cores the service needs.
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        int total = rate * (warmup + seconds);
        long start;
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        // Every 5 s: how many were sent and stored so far; a backlog that grows means the rate is not sustained.
        java.util.concurrent.ScheduledExecutorService sampler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        long samplingFrom = System.nanoTime();
        sampler.scheduleAtFixedRate(
                () -> {
                    long stored = jdbc.sql("select count(*) from notification where org_id = ?")
                            .param(org)
                            .query(Long.class)
                            .single();
                    System.out.printf(
                            "  t=%4.0f s  sent %6d  stored %6d  backlog %6d%n",
                            (System.nanoTime() - samplingFrom) / 1e9, sent.get(), stored, sent.get() - stored);
                },
                5,
                5,
                TimeUnit.SECONDS);
        int warmEvents = rate * warmup;
        long warmupStored;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            // Warm-up at the full rate (JIT, pools, partitions), then wait until its backlog is gone (up to
            // --drain-seconds) so the measured phase starts from an empty queue: its latencies then say
            // whether the rate is sustained, not how long the warm-up's queue took.
            sendAt(producer, codec, org, reps, 0, warmEvents, rate, warm, phaseOf, scheduled, sent);
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
            long drainStart = System.nanoTime();
            do {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                warmupStored = jdbc.sql("select count(*) from notification where org_id = ?")
                        .param(org)
                        .query(Long.class)
                        .single();
            } while (warmupStored < warmEvents && System.nanoTime() < drainDeadline);
            System.out.printf(
                    "warm-up: %d events, %d stored; drained in %.1f s%n",
                    warmEvents, warmupStored, (System.nanoTime() - drainStart) / 1e9);
            start = System.nanoTime();
            sendAt(producer, codec, org, reps, warmEvents, total, rate, measured, phaseOf, scheduled, sent);
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        long storedWhenSent = jdbc.sql("select count(*) from notification where org_id = ?")
                        .param(org)
                        .query(Long.class)
                        .single()
                - warmupStored;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (warm.getTotalCount() + measured.getTotalCount() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        running.set(false);
        sampler.shutdownNow();
        consumer.join(10_000);

        long stored = jdbc.sql("select count(*) from notification where org_id = ?")
                .param(org)
                .query(Long.class)
                .single();
        long received = warm.getTotalCount() + measured.getTotalCount();
        System.out.printf(
                "%nnotifications: %d events/s for %d s after %d s warm-up (%d measured events sent in %.1f s, producer linger %s ms), %s%n",
                rate, seconds, warmup, total - warmEvents, sendSeconds, lingerMs, Instant.now());
        print("lead.became_hot sent -> notification pushed", measured);
        System.out.printf(
                "when the last measured event was sent %d of them were stored (%.0f events/s processed); in the end"
                        + " pushes seen %d of %d, notifications stored %d%n",
                storedWhenSent, storedWhenSent / sendSeconds, received, total, stored);
        return received == total && stored == total ? 0 : 2;
    }

    /** Sends events {@code from} to {@code to} open loop at {@code rate} from now, each timed from its slot. */
    private static void sendAt(
            KafkaProducer<String, String> producer,
            EventCodec codec,
            UUID org,
            List<UUID> reps,
            int from,
            int to,
            int rate,
            Histogram phase,
            Map<String, Histogram> phaseOf,
            Map<String, Long> scheduled,
            java.util.concurrent.atomic.AtomicLong sent) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            long due = start + (i - from) * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            UUID lead = UUID.randomUUID();
            EventEnvelope envelope = codec.wrap(
                    new LeadEvent.LeadBecameHot(org, lead, reps.get(i % reps.size()), 3, 10, Instant.now()), null);
            String key = lead.toString();
            phaseOf.put(key, phase);
            scheduled.put(key, due);
            producer.send(new ProducerRecord<>(Topics.LEAD_EVENTS, key, codec.toJson(envelope)));
            sent.incrementAndGet();
        }
    }

    private static void consume(
            TestInfrastructure infra,
            Map<String, Long> scheduled,
            Map<String, Histogram> phaseOf,
            AtomicBoolean running,
            CountDownLatch ready) {
        try (KafkaConsumer<String, String> consumer =
                TopicTail.fromNow(infra.kafkaBootstrapServers(), Topics.REALTIME_MESSAGES)) {
            ready.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (!record.value().contains("notification.created")) {
                        continue;
                    }
                    Matcher subject = SUBJECT.matcher(record.value());
                    if (subject.find()) {
                        Long due = scheduled.remove(subject.group(1));
                        Histogram phase = phaseOf.remove(subject.group(1));
                        if (due != null && phase != null) {
                            phase.recordValue(Math.max(0, (now - due) / 1000));
                        }
                    }
                }
            }
        }
    }

    private static void print(String what, Histogram histogram) {
        System.out.printf(
                "%-45s n=%d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms  mean %.1f ms%n",
                what,
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(90) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0,
                histogram.getMaxValue() / 1000.0,
                histogram.getMean() / 1000.0);
    }
}
