import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Open-loop load of signed Stripe webhooks through the gateway (bench/stripe-webhooks/run.sh).
 *
 *   org      log in as the demo admin, make billing see the org, print its id
 *   load     --org ID --run RUN --rate 500 --seconds 30 [--label text]: send at a fixed schedule,
 *            latency measured from each request's intended send time (no coordinated omission)
 *   kafka    --run RUN: count payment.succeeded records of the run on billing.events
 */
public class StripeWebhookBench {

    static final String GATEWAY = System.getenv().getOrDefault("GATEWAY", "http://localhost:8080");
    static final String WEBHOOK_URL = System.getenv().getOrDefault("WEBHOOK_URL", GATEWAY + "/webhooks/stripe");
    static final String SECRET = System.getenv().getOrDefault("STRIPE_WEBHOOK_SECRET", "whsec_dev_leadpulse");

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new ConcurrentHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        switch (args[0]) {
            case "org" -> org();
            case "load" -> load(opts.get("org"), opts.get("run"), Integer.parseInt(opts.getOrDefault("rate", "500")),
                    Integer.parseInt(opts.getOrDefault("seconds", "30")), opts.getOrDefault("label", ""));
            case "kafka" -> kafka(opts.get("run"));
            case "probe" -> probe(opts.get("org"), opts.get("run"), Integer.parseInt(opts.getOrDefault("count", "400")));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** HTTP/1.1 as Stripe sends webhooks (the JDK client's default h2c upgrade is not what Stripe does). */
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static void org() throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"admin@demo.test\",\"password\":\"demo-admin\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token = field(login.body(), "accessToken");
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/me"))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> sub = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/billing/subscription"))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (sub.statusCode() != 200) {
            throw new IllegalStateException("billing subscription: " + sub.statusCode() + " " + sub.body());
        }
        System.out.println(field(me.body(), "orgId"));
    }

    static void load(String org, String run, int rate, int seconds, String label) throws Exception {
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String payload = event(run, i, org);
            long t = System.currentTimeMillis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(URI.create(WEBHOOK_URL))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", "t=" + t + ",v1=" + hmac(t + "." + payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build();
            int index = i;
            inFlight.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                latencies[index] = System.nanoTime() - intended;
                if (error == null && response.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    statuses.computeIfAbsent(error == null ? response.statusCode() : -1, k -> new AtomicInteger()).incrementAndGet();
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        errors.computeIfAbsent(cause.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long sendEnd = System.nanoTime();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        double achieved = total / ((sendEnd - start) / 1e9);
        System.out.printf("%s requests=%d ok=%d failed=%d %s offered=%d/s achieved=%.0f/s p50=%.1fms p90=%.1fms p99=%.1fms p99.9=%.1fms max=%.1fms%n",
                label, total, ok.get(), failed.get(), statuses + (errors.isEmpty() ? "" : " " + errors), rate, achieved, ms(pct(sorted, 50)), ms(pct(sorted, 90)),
                ms(pct(sorted, 99)), ms(pct(sorted, 99.9)), ms(sorted[sorted.length - 1]));
    }

    /** One request at a time (closed loop), 5 s timeout each: how many pass before the first failure. */
    static void probe(String org, String run, int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String payload = event(run, i, org);
            long t = System.currentTimeMillis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(URI.create(WEBHOOK_URL))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", "t=" + t + ",v1=" + hmac(t + "." + payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build();
            try {
                int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    System.out.printf("probe %s: request %d answered %d after %d ok%n", WEBHOOK_URL, i, status, i);
                    return;
                }
            } catch (Exception e) {
                System.out.printf("probe %s: request %d failed (%s) after %d ok, %.1f s in%n",
                        WEBHOOK_URL, i, e.getClass().getSimpleName(), i, (System.nanoTime() - start) / 1e9);
                return;
            }
        }
        System.out.printf("probe %s: %d of %d ok one at a time in %.1f s%n", WEBHOOK_URL, count, count, (System.nanoTime() - start) / 1e9);
    }

    /** A Stripe-shaped payment_intent.succeeded for the demo org, unique per run and index. */
    static String event(String run, int i, String org) {
        long now = System.currentTimeMillis() / 1000;
        String pi = "pi_bench_" + run + "_" + i;
        return """
                {"id":"evt_bench_%s_%d","object":"event","api_version":"2025-12-15.clover","created":%d,"livemode":false,\
                "pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"payment_intent.succeeded",\
                "data":{"object":{"id":"%s","object":"payment_intent","amount":2500,"amount_received":2500,"currency":"eur",\
                "customer":null,"invoice":null,"latest_charge":"ch_bench_%s_%d","status":"succeeded","created":%d,\
                "metadata":{"org_id":"%s","bench_run":"%s"}}}}""".formatted(run, i, now, pi, run, i, now, org, run);
    }

    static void kafka(String run) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA", "localhost:9092"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("billing.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            java.util.Set<String> distinct = new java.util.HashSet<>();
            String marker = "pi_bench_" + run + "_";
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value().contains("\"payment.succeeded\"") && record.value().contains(marker)) {
                        count++;
                        Matcher m = Pattern.compile(marker + "(\\d+)").matcher(record.value());
                        if (m.find()) {
                            distinct.add(m.group(1));
                        }
                    }
                }
            }
            System.out.println(count + " " + distinct.size());
        }
    }

    static String hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
