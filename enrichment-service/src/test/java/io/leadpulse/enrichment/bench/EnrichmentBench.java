package io.leadpulse.enrichment.bench;

import io.leadpulse.enrichment.EnrichmentServiceApplication;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.BenchMain;
import io.leadpulse.platform.test.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 6's acceptance: {@code --leads} new leads (default 10,000) enriched against a stand-in
 * provider limited to {@code --limit} requests per {@code --window-ms} (default 100 per 2 s: the
 * production limit of 100 per 60 s, with the window shortened), which goes down (503) for
 * {@code --down-s} seconds (default 30) starting {@code --down-after-s} after the leads are sent.
 * Checks: the provider's limit reached and never exceeded (its 429 count), every lead enriched
 * and personalized exactly once (events on Kafka by lead, and job rows). Starts the real
 * enrichment-service in this JVM against embedded PostgreSQL and Kafka on free ports (no fixed
 * port taken, nothing else touched), prints the figures and exits (0 when every check holds).
 */
public final class EnrichmentBench {

    private EnrichmentBench() {}

    public static void main(String[] args) {
        BenchMain.run(args, EnrichmentBench::bench);
    }

    private static int bench(Map<String, String> options) throws Exception {
        int leads = Integer.parseInt(options.getOrDefault("leads", "10000"));
        int limit = Integer.parseInt(options.getOrDefault("limit", "100"));
        long windowMs = Long.parseLong(options.getOrDefault("window-ms", "2000"));
        int downAfter = Integer.parseInt(options.getOrDefault("down-after-s", "30"));
        int downFor = Integer.parseInt(options.getOrDefault("down-s", "30"));
        int timeoutMinutes = Integer.parseInt(options.getOrDefault("timeout-min", "20"));

        try (StandInProvider provider = new StandInProvider(limit, windowMs)) {
            Map<String, Object> properties = new HashMap<>();
            for (String api : List.of("geo", "ai")) {
                properties.put("enrichment." + api + ".url", provider.baseUrl());
                properties.put("enrichment." + api + ".key", "bench-key");
                properties.put("enrichment." + api + ".rate-limit", Integer.toString(limit));
                properties.put("enrichment." + api + ".rate-period", windowMs + "ms");
                properties.put("enrichment." + api + ".breaker-open", "5s");
            }
            properties.put("enrichment.worker.retry-base", "1s");
            // Twice the default, so the workers (not the shared, loaded CPU) are not what limits throughput.
            properties.put("enrichment.worker.threads", "8");
            properties.put("enrichment.worker.retry-max", "10s");
            ConfigurableApplicationContext app = BenchMain.startService(EnrichmentServiceApplication.class, properties);
            TestInfrastructure infra = TestInfrastructure.get();
            try {
                return run(app, infra, provider, leads, limit, windowMs, downAfter, downFor, timeoutMinutes);
            } finally {
                app.close();
            }
        }
    }

    private static int run(
            ConfigurableApplicationContext app,
            TestInfrastructure infra,
            StandInProvider provider,
            int leads,
            int limit,
            long windowMs,
            int downAfter,
            int downFor,
            int timeoutMinutes)
            throws Exception {
        EventCodec codec = new EventCodec();
        UUID org = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        Map<String, AtomicInteger> enriched = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> personalized = new ConcurrentHashMap<>();
        Set<UUID> envelopeIds = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicatesOnWire = new AtomicInteger();
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(
                () -> consume(infra, codec, org, enriched, personalized, envelopeIds, duplicatesOnWire, consuming),
                "bench-consumer");
        consumer.start();

        long start = System.nanoTime();
        Set<String> sent = new HashSet<>();
        try (KafkaProducer<String, String> producer = producer(infra)) {
            for (int i = 0; i < leads; i++) {
                UUID leadId = UUID.randomUUID();
                // A unique company per lead: no answer comes from the cache, every lead costs calls.
                var event = new LeadEvent.LeadCreated(
                        org,
                        leadId,
                        "Lead" + i,
                        "Bench",
                        null,
                        String.format("+1312555%04d", i % 10_000),
                        "Bench Company " + i + " " + leadId.toString().substring(0, 8),
                        "NEW",
                        rep,
                        List.of(),
                        "bench",
                        rep,
                        Instant.now());
                EventEnvelope envelope = codec.wrap(event, null);
                producer.send(new ProducerRecord<>(Topics.LEAD_EVENTS, envelope.subject(), codec.toJson(envelope)));
                sent.add(leadId.toString());
            }
            producer.flush();
        }
        System.out.printf("sent %d lead.created in %.1f s%n", leads, (System.nanoTime() - start) / 1e9);

        long downAt = start + Duration.ofSeconds(downAfter).toNanos();
        long upAt = downAt + Duration.ofSeconds(downFor).toNanos();
        boolean wentDown = false;
        boolean cameBack = false;
        long deadline = start + Duration.ofMinutes(timeoutMinutes).toNanos();
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (!wentDown && now >= downAt) {
                provider.down(true);
                wentDown = true;
                System.out.printf("t=%.0fs provider DOWN (enriched so far %d)%n", (now - start) / 1e9, enriched.size());
            }
            if (wentDown && !cameBack && now >= upAt) {
                provider.down(false);
                cameBack = true;
                System.out.printf(
                        "t=%.0fs provider UP again (enriched so far %d)%n", (now - start) / 1e9, enriched.size());
            }
            if (cameBack && enriched.size() >= leads && personalized.size() >= leads) {
                break;
            }
            if (now - lastReport > Duration.ofSeconds(15).toNanos()) {
                System.out.printf(
                        "t=%.0fs enriched %d personalized %d%n",
                        (now - start) / 1e9, enriched.size(), personalized.size());
                lastReport = now;
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // A quiet period: any second event for a lead would show up now.
        Thread.sleep(5_000);
        consuming.set(false);
        consumer.join(10_000);

        JdbcClient jdbc = app.getBean(JdbcClient.class);
        Map<String, Object> rows = jdbc.sql("""
                        select count(*) filter (where status = 'DONE') as done,
                               count(*) filter (where status = 'PENDING') as pending,
                               count(*) filter (where geo_source = 'serpapi') as serpapi,
                               count(*) filter (where geo_source = 'offline') as offline,
                               count(*) filter (where first_line_source = 'openai') as openai,
                               count(*) filter (where attempts > 0) as retried_jobs,
                               coalesce(max(attempts), 0) as max_attempts
                        from enrichment_job where org_id = ?
                        """).param(org).query().singleRow();
        long outboxEnriched = jdbc.sql(
                        "select count(*) from outbox where type = 'lead.enriched' and payload ->> 'orgId' = ?")
                .param(org.toString())
                .query(Long.class)
                .single();

        long enrichedOnce = enriched.values().stream().filter(c -> c.get() == 1).count();
        long enrichedTwice = enriched.values().stream().filter(c -> c.get() > 1).count();
        long personalizedOnce =
                personalized.values().stream().filter(c -> c.get() == 1).count();
        long personalizedTwice =
                personalized.values().stream().filter(c -> c.get() > 1).count();
        boolean allSent =
                sent.containsAll(enriched.keySet()) && enriched.keySet().containsAll(sent);
        MeterRegistry meters = app.getBean(MeterRegistry.class);

        System.out.println();
        System.out.printf(
                "leads %d, stand-in limit %d per %d ms (both APIs), down %d s from t=%d s%n",
                leads, limit, windowMs, downFor, downAfter);
        System.out.printf("all enriched and personalized after %.1f s%n", seconds);
        for (var entry : Map.of("geo", provider.geo, "ai", provider.ai).entrySet()) {
            StandInProvider.Api api = entry.getValue();
            System.out.printf(
                    "stand-in %-3s: served %d, 429 %d, 503 %d; busiest window %d (limit %d); windows at the limit %d of %d;"
                            + " served per window (count x windows) %s%n",
                    entry.getKey(),
                    api.ok.get(),
                    api.tooMany.get(),
                    api.unavailable.get(),
                    api.busiestWindow(),
                    limit,
                    api.windowsAtLimit(limit),
                    api.perWindow.size(),
                    api.histogram());
        }
        System.out.printf(
                "Kafka lead.enriched: %d leads once, %d more than once; lead.personalized: %d once, %d more than once; "
                        + "redelivered copies of one event %d%n",
                enrichedOnce, enrichedTwice, personalizedOnce, personalizedTwice, duplicatesOnWire.get());
        System.out.printf("outbox lead.enriched rows %d; jobs %s%n", outboxEnriched, rows);
        for (String outcome : List.of("ok", "rate_limited", "retried", "circuit_open", "failed")) {
            for (String name : List.of("serpapi", "openai")) {
                var counter = meters.find("enrichment.provider.calls")
                        .tags("provider", name, "outcome", outcome)
                        .counter();
                System.out.printf(
                        "enrichment.provider.calls{provider=%s,outcome=%s} %.0f%n",
                        name, outcome, counter == null ? 0 : counter.count());
            }
        }

        boolean ok = enrichedOnce == leads
                && personalizedOnce == leads
                && allSent
                && ((Number) rows.get("done")).longValue() == leads
                && outboxEnriched == leads
                && provider.geo.busiestWindow() <= limit
                && provider.ai.busiestWindow() <= limit
                && provider.geo.tooMany.get() == 0
                && provider.ai.tooMany.get() == 0
                && provider.geo.unavailable.get() > 0;
        System.out.println(ok ? "RESULT: PASS" : "RESULT: FAIL");
        return ok ? 0 : 1;
    }

    private static void consume(
            TestInfrastructure infra,
            EventCodec codec,
            UUID org,
            Map<String, AtomicInteger> enriched,
            Map<String, AtomicInteger> personalized,
            Set<UUID> envelopeIds,
            AtomicInteger duplicatesOnWire,
            AtomicBoolean running) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ENRICHMENT_EVENTS));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope envelope = codec.readEnvelope(record.value());
                    if (!org.equals(envelope.orgId())) {
                        continue;
                    }
                    if (!envelopeIds.add(envelope.id())) {
                        duplicatesOnWire.incrementAndGet();
                        continue; // the same event twice (relay after a crash): consumers drop it by id
                    }
                    Map<String, AtomicInteger> counts = switch (envelope.type()) {
                        case "lead.enriched" -> enriched;
                        case "lead.personalized" -> personalized;
                        default -> null;
                    };
                    if (counts != null) {
                        counts.computeIfAbsent(record.key(), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }
            }
        }
    }

    private static KafkaProducer<String, String> producer(TestInfrastructure infra) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
