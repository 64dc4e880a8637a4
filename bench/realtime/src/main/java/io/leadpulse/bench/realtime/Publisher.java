package io.leadpulse.bench.realtime;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's publisher, driven line by line on stdin by run.js; it answers one JSON line per
 * command on stdout.
 *
 * <p>Targets: {@code kafka:<bootstrap>} produces platform's RealtimeMessage JSON to
 * {@code realtime.messages} (key orgId, headers {@code leadpulse_event_id},
 * {@code leadpulse_event_type=realtime.message}), as services' outboxes do; {@code http:<base url>}
 * calls the Pusher HTTP API {@code POST /apps/<id>/events}, signed as pusher-http-java signs.
 *
 * <p>Every event's data carries {@code bseq} (sequence), {@code bk} (0 = steady, k = burst k) and
 * {@code bt} (publish time, epoch milliseconds with microseconds, this machine's wall clock) that
 * the clients subtract from their receive time.
 *
 * <pre>
 * warm                        3 messages to channel bench-warmup (connections, metadata), not measured
 * steady COUNT INTERVAL_MS    COUNT messages of kind 0, one every INTERVAL_MS (fixed rate)
 * burst KIND SIZE             SIZE messages of kind KIND, as fast as the target takes them
 * raw RATE SECONDS [WARMUP]   kafka only: (after WARMUP seconds at RATE, not recorded) RATE msg/s for SECONDS of kind 0 while a plain consumer of
 *                             realtime.messages (no group, all partitions) records produce-to-consume
 * quit
 * </pre>
 *
 * Bounded: every command is bounded in count, and the process exits after {@code --max-seconds}.
 */
public final class Publisher {

    static final String TOPIC = "realtime.messages";
    /** Kind of the warm-up messages of {@code raw}: neither recorded by the raw consumer nor as steady. */
    static final int WARMUP_KIND = 99;

    static final UUID ORG = UUID.fromString("00000000-0000-4000-8000-00000000b0b0");

    private final String target;
    private final String channel;
    private final String appId;
    private final String key;
    private final String secret;
    private final String pad;
    private final AtomicLong seq = new AtomicLong();
    private KafkaProducer<String, String> producer;
    private HttpClient http;
    private URI eventsUri;

    Publisher(Map<String, String> args) {
        this.target = args.getOrDefault("target", "kafka:localhost:9092");
        this.channel = args.getOrDefault("channel", "private-org-" + ORG);
        this.appId = args.getOrDefault("app-id", "leadpulse");
        this.key = args.getOrDefault("key", "leadpulse-key");
        this.secret = args.getOrDefault("secret", "leadpulse-secret");
        this.pad = "x".repeat(Integer.parseInt(args.getOrDefault("pad", "40")));
        if (target.startsWith("kafka:")) {
            producer = new KafkaProducer<>(producerProps(target.substring("kafka:".length())));
        } else if (target.startsWith("http:")) {
            String base = target.substring("http:".length());
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            eventsUri = URI.create(base + "/apps/" + appId + "/events");
        } else {
            throw new IllegalArgumentException("target must be kafka:<bootstrap> or http:<base url>: " + target);
        }
    }

    static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "0");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("client.id", "bench-publisher");
        return p;
    }

    static double nowMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
    }

    private String data(long n, int kind) {
        return String.format(
                Locale.ROOT, "{\"bseq\":%d,\"bk\":%d,\"bt\":%.3f,\"pad\":\"%s\"}", n, kind, nowMillis(), pad);
    }

    /** Publishes one event; the future completes when the target acknowledged it. */
    private CompletableFuture<?> publish(String toChannel, int kind) {
        long n = seq.incrementAndGet();
        String data = data(n, kind); // the timestamp is taken here, right before the send
        if (producer != null) {
            UUID id = UUID.randomUUID();
            String value = "{\"id\":\"" + id + "\",\"orgId\":\"" + ORG + "\",\"channels\":[\"" + toChannel
                    + "\"],\"event\":\"bench\",\"data\":" + data + ",\"occurredAt\":\"" + Instant.now() + "\"}";
            ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, ORG.toString(), value);
            record.headers()
                    .add(new RecordHeader("leadpulse_event_id", id.toString().getBytes(StandardCharsets.UTF_8)));
            record.headers()
                    .add(new RecordHeader("leadpulse_event_type", "realtime.message".getBytes(StandardCharsets.UTF_8)));
            CompletableFuture<Object> done = new CompletableFuture<>();
            producer.send(record, (meta, e) -> {
                if (e != null) done.completeExceptionally(e);
                else done.complete(meta);
            });
            return done;
        }
        String body = "{\"name\":\"bench\",\"channels\":[\"" + toChannel + "\"],\"data\":" + quote(data) + "}";
        return http.sendAsync(signed(body), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    if (r.statusCode() / 100 != 2) {
                        throw new IllegalStateException("HTTP API answered " + r.statusCode() + ": " + r.body());
                    }
                    return r;
                });
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The Pusher HTTP API's request signature (auth_version 1.0), as the server SDKs compute it. */
    private HttpRequest signed(String body) {
        try {
            String md5 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
            TreeMap<String, String> q = new TreeMap<>();
            q.put("auth_key", key);
            q.put("auth_timestamp", Long.toString(Instant.now().getEpochSecond()));
            q.put("auth_version", "1.0");
            q.put("body_md5", md5);
            StringBuilder query = new StringBuilder();
            q.forEach((k, v) -> query.append(query.isEmpty() ? "" : "&")
                    .append(k)
                    .append('=')
                    .append(v));
            String path = eventsUri.getPath();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = HexFormat.of()
                    .formatHex(mac.doFinal(("POST\n" + path + "\n" + query).getBytes(StandardCharsets.UTF_8)));
            return HttpRequest.newBuilder(URI.create(eventsUri + "?" + query + "&auth_signature=" + signature))
                    .timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String warm() throws Exception {
        for (int i = 0; i < 3; i++) {
            publish("bench-warmup", 0).get();
        }
        return "{\"cmd\":\"warm\",\"ok\":true}";
    }

    String steady(int count, long intervalMs) throws Exception {
        return steady(count, intervalMs, 0);
    }

    String steady(int count, long intervalMs, int kind) throws Exception {
        Histogram calls = new ConcurrentHistogram(3_600_000_000L, 3);
        long start = System.nanoTime();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalMs * 1_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            long t0 = System.nanoTime();
            pending.add(publish(channel, kind).thenRun(() -> calls.recordValue((System.nanoTime() - t0) / 1000)));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        return String.format(
                Locale.ROOT,
                "{\"cmd\":\"steady\",\"sent\":%d,\"seconds\":%.3f,\"ackP50Ms\":%.3f,\"ackP99Ms\":%.3f}",
                count,
                (System.nanoTime() - start) / 1e9,
                calls.getValueAtPercentile(50) / 1000.0,
                calls.getValueAtPercentile(99) / 1000.0);
    }

    String burst(int kind, int size, int concurrency) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<?>> pending = new ArrayList<>(size);
        Semaphore inFlight = new Semaphore(producer != null ? Integer.MAX_VALUE : concurrency);
        for (int i = 0; i < size; i++) {
            inFlight.acquire();
            pending.add(publish(channel, kind).whenComplete((r, e) -> inFlight.release()));
        }
        long handedOver = System.nanoTime();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        return String.format(
                Locale.ROOT,
                "{\"cmd\":\"burst\",\"kind\":%d,\"sent\":%d,\"sendSeconds\":%.4f,\"ackSeconds\":%.4f}",
                kind,
                size,
                (handedOver - start) / 1e9,
                (System.nanoTime() - start) / 1e9);
    }

    /** Produce at RATE for SECONDS while a plain consumer measures produce-to-consume. */
    String raw(String bootstrap, int rate, int seconds, int warmupSeconds) throws Exception {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        c.put("enable.auto.commit", "false");
        c.put("client.id", "bench-raw-consumer");
        c.put("fetch.max.wait.ms", "500"); // the consumer defaults, as a service would run
        Histogram hist = new Histogram(60_000_000L, 3); // microseconds
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean positioned = new AtomicBoolean();
        AtomicLong seen = new AtomicLong();
        String marker = "\"bk\":0,\"bt\":";
        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                List<TopicPartition> parts = new ArrayList<>();
                for (PartitionInfo p : consumer.partitionsFor(TOPIC)) {
                    parts.add(new TopicPartition(TOPIC, p.partition()));
                }
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                parts.forEach(consumer::position);
                positioned.set(true);
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        double received = nowMillis();
                        String v = r.value();
                        int at = v == null ? -1 : v.indexOf(marker);
                        if (at < 0 || !v.contains(channel)) continue;
                        int from = at + marker.length();
                        int to = from;
                        while (to < v.length() && (Character.isDigit(v.charAt(to)) || v.charAt(to) == '.')) to++;
                        double sent = Double.parseDouble(v.substring(from, to));
                        hist.recordValue(Math.max(0, Math.round((received - sent) * 1000)));
                        seen.incrementAndGet();
                    }
                }
            }
        });
        consumerThread.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!positioned.get() && System.nanoTime() < deadline) Thread.sleep(20);
        if (warmupSeconds > 0) {
            steady(rate * warmupSeconds, 1000L / rate, WARMUP_KIND); // JIT and connections warm, not recorded
        }
        String steady = steady(rate * seconds, 1000L / rate);
        Thread.sleep(2000);
        stop.set(true);
        consumerThread.join(10_000);
        return String.format(
                Locale.ROOT,
                "{\"cmd\":\"raw\",\"steady\":%s,\"consumed\":%d,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f}",
                steady,
                seen.get(),
                hist.getValueAtPercentile(50) / 1000.0,
                hist.getValueAtPercentile(99) / 1000.0,
                hist.getValueAtPercentile(99.9) / 1000.0,
                hist.getMaxValue() / 1000.0);
    }

    void close() {
        if (producer != null) producer.close(Duration.ofSeconds(5));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new TreeMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        long maxSeconds = Long.parseLong(args.getOrDefault("max-seconds", "1800"));
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000);
                System.err.println("publisher: max-seconds reached, exiting");
                System.exit(3);
            } catch (InterruptedException ignored) {
                // normal exit
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();

        Publisher pub = new Publisher(args);
        System.out.println("{\"cmd\":\"ready\"}");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            String out;
            try {
                out = switch (w[0]) {
                    case "warm" -> pub.warm();
                    case "steady" -> pub.steady(Integer.parseInt(w[1]), Long.parseLong(w[2]));
                    case "burst" ->
                        pub.burst(
                                Integer.parseInt(w[1]),
                                Integer.parseInt(w[2]),
                                w.length > 3 ? Integer.parseInt(w[3]) : 8);
                    case "raw" ->
                        pub.raw(
                                pub.target.substring("kafka:".length()),
                                Integer.parseInt(w[1]),
                                Integer.parseInt(w[2]),
                                w.length > 3 ? Integer.parseInt(w[3]) : 0);
                    case "quit" -> null;
                    default -> "{\"error\":\"unknown command\"}";
                };
            } catch (Exception e) {
                out = "{\"error\":" + quote(String.valueOf(e)) + "}";
            }
            if (out == null) break;
            System.out.println(out);
            System.out.flush();
        }
        pub.close();
        System.exit(0);
    }
}
