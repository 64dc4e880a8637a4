package io.leadpulse.lead.bench;

import io.leadpulse.lead.LeadServiceApplication;
import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.BenchMain;
import io.leadpulse.platform.test.TestInfrastructure;
import io.leadpulse.platform.test.TopicTail;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hot-lead detection latency (issue 3): from sending a lead's third preview view
 * ({@code POST /p/{token}/events} VIEW) to a Kafka consumer seeing its {@code lead.became_hot}.
 * Starts the real lead-service in this JVM against embedded PostgreSQL and Kafka on free ports
 * (the test infrastructure; nothing else on the machine is touched), creates the leads through the
 * API, measures, prints the figures and exits. Not a test: run it with
 * {@code bench/hot-leads/run.sh [--leads N] [--warmup N] [--concurrency N]}.
 */
public final class HotLeadBench {

    private HotLeadBench() {}

    public static void main(String[] args) {
        BenchMain.run(args, HotLeadBench::bench);
    }

    private static int bench(Map<String, String> options) throws Exception {
        int leads = Integer.parseInt(options.getOrDefault("leads", "1000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "1"));

        Map<String, Object> properties = new HashMap<>();
        properties.put("lead.quota.lead-limit", "100000000");
        ConfigurableApplicationContext app = BenchMain.startService(LeadServiceApplication.class, properties);
        TestInfrastructure infra = TestInfrastructure.get();
        try {
            return run(app, infra, leads, warmup, concurrency);
        } finally {
            app.close();
        }
    }

    private static int run(
            ConfigurableApplicationContext app, TestInfrastructure infra, int leads, int warmup, int concurrency)
            throws Exception {
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        ApiClient api = ApiClient.onLocalPort(port);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        UUID org = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name) values (?, 'Bench Co')")
                .param(org)
                .update();
        String email = "bench-" + admin + "@bench.test";
        String password = UUID.randomUUID().toString();
        jdbc.sql(
                        "insert into app_user (id, org_id, email, password_hash, name, role) values (?, ?, ?, ?, 'Bench', 'ADMIN')")
                .params(admin, org, email, app.getBean(PasswordEncoder.class).encode(password))
                .update();
        ApiClient.Response login = api.postJson("/api/auth/login", null, Map.of("email", email, "password", password));
        if (login.status() != 200) {
            throw new IllegalStateException("login: " + login.status() + " " + login.body());
        }
        String token = login.json().get("accessToken").asString();

        int total = warmup + leads;
        long createStart = System.nanoTime();
        List<String[]> created = create(api, token, total, concurrency);
        System.out.printf("created %d leads in %.1f s%n", total, (System.nanoTime() - createStart) / 1e9);

        Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch ready = new CountDownLatch(1);
        Thread consumer = new Thread(() -> consume(infra, arrivals, running, ready), "bench-consumer");
        consumer.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the consumer did not get its partitions");
        }

        Histogram warm = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        measure(api, created.subList(0, warmup), arrivals, concurrency, warm, new Histogram(3));
        Histogram endToEnd = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        Histogram http = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        long start = System.nanoTime();
        int missing = measure(api, created.subList(warmup, total), arrivals, concurrency, endToEnd, http);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        consumer.join(10_000);

        long hot = jdbc.sql("select count(*) from lead where org_id = ? and status = 'HOT'")
                .param(org)
                .query(Long.class)
                .single();
        long queued = jdbc.sql("select count(*) from call_queue_entry where org_id = ?")
                .param(org)
                .query(Long.class)
                .single();
        System.out.printf(
                "%nhot-lead detection, %d leads after %d warm-up leads, %d at a time, %s%n",
                leads, warmup, concurrency, Instant.now());
        System.out.printf("measured part took %.1f s (%.0f leads/s, 3 views each)%n", seconds, leads / seconds);
        print("third view -> lead.became_hot consumed", endToEnd);
        print("third view HTTP round trip (204)", http);
        System.out.printf(
                "leads HOT: %d of %d, in the call queue: %d, events not seen: %d%n", hot, total, queued, missing);
        return hot == total && queued == total && missing == 0 ? 0 : 1;
    }

    private static List<String[]> create(ApiClient api, String token, int count, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, concurrency));
        try {
            List<Future<String[]>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ApiClient.Response response = api.postJson(
                            "/api/leads",
                            token,
                            Map.of(
                                    "firstName",
                                    "Bench" + n,
                                    "company",
                                    "Bench Inc",
                                    "email",
                                    "bench-" + UUID.randomUUID() + "@bench.test"));
                    if (response.status() != 201) {
                        throw new IllegalStateException("create: " + response.status() + " " + response.body());
                    }
                    return new String[] {
                        response.json().get("id").asString(),
                        response.json().get("previewToken").asString()
                    };
                }));
            }
            List<String[]> leads = new ArrayList<>();
            for (Future<String[]> future : futures) {
                leads.add(future.get());
            }
            return leads;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Views each lead three times; the third is timed to its lead.became_hot. @return leads not seen */
    private static int measure(
            ApiClient api,
            List<String[]> leads,
            Map<String, CompletableFuture<Long>> arrivals,
            int concurrency,
            Histogram endToEnd,
            Histogram http)
            throws Exception {
        AtomicInteger missing = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger addresses = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < leads.size(); i = next.getAndIncrement()) {
                        String leadId = leads.get(i)[0];
                        String preview = leads.get(i)[1];
                        // Each lead is its own visitor, as in life (and under the per-address limit).
                        int n = addresses.incrementAndGet();
                        String address = "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
                        view(api, preview, address);
                        view(api, preview, address);
                        CompletableFuture<Long> arrival =
                                arrivals.computeIfAbsent(leadId, k -> new CompletableFuture<>());
                        long sent = System.nanoTime();
                        view(api, preview, address);
                        long answered = System.nanoTime();
                        http.recordValue(TimeUnit.NANOSECONDS.toMicros(answered - sent));
                        try {
                            long seen = arrival.get(30, TimeUnit.SECONDS);
                            endToEnd.recordValue(TimeUnit.NANOSECONDS.toMicros(Math.max(0, seen - sent)));
                        } catch (java.util.concurrent.TimeoutException e) {
                            missing.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return missing.get();
    }

    private static void view(ApiClient api, String previewToken, String address) {
        HttpRequest request = api.request("/p/" + previewToken + "/events", null)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"VIEW\",\"clientEventId\":\"" + UUID.randomUUID() + "\"}"))
                .build();
        ApiClient.Response response = api.send(request);
        if (response.status() != 204) {
            throw new IllegalStateException("view: " + response.status() + " " + response.body());
        }
    }

    private static void consume(
            TestInfrastructure infra,
            Map<String, CompletableFuture<Long>> arrivals,
            AtomicBoolean running,
            CountDownLatch ready) {
        try (KafkaConsumer<String, String> consumer =
                TopicTail.fromNow(infra.kafkaBootstrapServers(), Topics.LEAD_EVENTS)) {
            ready.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Header type = record.headers().lastHeader(OutboxPublisher.HEADER_EVENT_TYPE);
                    if (type != null && "lead.became_hot".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        long now = System.nanoTime();
                        arrivals.computeIfAbsent(record.key(), k -> new CompletableFuture<>())
                                .complete(now);
                    }
                }
            }
        }
    }

    private static void print(String what, Histogram histogram) {
        System.out.printf(
                "%-40s n=%d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms  mean %.1f ms%n",
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
