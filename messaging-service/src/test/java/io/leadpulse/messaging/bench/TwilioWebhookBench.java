package io.leadpulse.messaging.bench;

import io.leadpulse.messaging.twilio.TwilioSignature;
import io.leadpulse.platform.test.BenchMain;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed Twilio inbound webhooks through the gateway of a running suite ({@code ./dev up}),
 * open-loop at fixed rates: acknowledgement latency (measured from each request's scheduled
 * start, so a stall counts for every request it delays) and webhook to {@code message.inbound} on
 * Kafka. Loopback only; stops by itself.
 */
public final class TwilioWebhookBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchMain.options(args);
        String gateway = options.getOrDefault("gateway", "http://localhost:8080");
        String kafka = options.getOrDefault("kafka", "localhost:9092");
        String token = options.getOrDefault("auth-token", "dev-twilio-token");
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int leads = Integer.parseInt(options.getOrDefault("leads", "20"));
        List<Integer> rates = List.of(options.getOrDefault("rates", "200,500").split(",")).stream()
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> phones = createLeads(http, gateway, leads);
        System.out.printf("leads ready: %d (messaging knows their numbers)%n", phones.size());

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram kafkaLatency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicInteger seen = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread consumer = consume(kafka, sentAt, kafkaLatency, seen, running);

        String url = gateway + "/webhooks/twilio/inbound";
        run(http, url, token, phones, 100, 5, new Histogram(3), new AtomicInteger(), sentAt); // warm-up
        awaitSeen(seen, sentAt, Duration.ofSeconds(20));
        synchronized (kafkaLatency) {
            kafkaLatency.reset();
        }
        List<String> lines = new ArrayList<>();
        for (int rate : rates) {
            Histogram ack = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            AtomicInteger failures = new AtomicInteger();
            int before = seen.get();
            int sent = run(http, url, token, phones, rate, seconds, ack, failures, sentAt);
            awaitSeen(seen, sentAt, Duration.ofSeconds(30));
            Histogram toKafka;
            synchronized (kafkaLatency) {
                toKafka = kafkaLatency.copy();
                kafkaLatency.reset();
            }
            String line = String.format(
                    Locale.ROOT,
                    "%d req/s for %d s: %d sent, %d non-200 | ack p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms"
                            + " | webhook->message.inbound on Kafka: %d seen, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d missing",
                    rate,
                    seconds,
                    sent,
                    failures.get(),
                    ms(ack, 50),
                    ms(ack, 99),
                    ms(ack, 99.9),
                    ack.getMaxValue() / 1000.0,
                    seen.get() - before,
                    ms(toKafka, 50),
                    ms(toKafka, 99),
                    toKafka.getMaxValue() / 1000.0,
                    sentAt.size());
            System.out.println(line);
            lines.add(line);
            sentAt.clear();
        }
        running.set(false);
        consumer.join(5_000);
    }

    /** Open loop: request i starts at t0 + i / rate whatever the answers do. */
    private static int run(
            HttpClient http,
            String url,
            String token,
            List<String> phones,
            int rate,
            int seconds,
            Histogram ack,
            AtomicInteger failures,
            Map<String, Long> sentAt)
            throws InterruptedException {
        int total = rate * seconds;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        AtomicInteger pending = new AtomicInteger();
        for (int i = 0; i < total; i++) {
            long intended = start + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("AccountSid", "AC" + "0".repeat(32));
            params.put("ApiVersion", "2010-04-01");
            params.put("MessageSid", sid);
            params.put("SmsSid", sid);
            params.put("SmsStatus", "received");
            params.put("From", phones.get(i % phones.size()));
            params.put("To", "+15005550006");
            params.put("Body", "bench reply " + i);
            params.put("NumMedia", "0");
            String form = params.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", TwilioSignature.sign(token, url, params))
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
            sentAt.put(sid, intended);
            pending.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long micros = (System.nanoTime() - intended) / 1_000;
                synchronized (ack) {
                    ack.recordValue(Math.min(micros, ack.getHighestTrackableValue()));
                }
                if (error != null || response.statusCode() != 200) {
                    failures.incrementAndGet();
                    sentAt.remove(sid);
                }
                pending.decrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return total;
    }

    private static Thread consume(
            String bootstrap, Map<String, Long> sentAt, Histogram latency, AtomicInteger seen, AtomicBoolean running) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("messaging.events"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        Thread thread = new Thread(
                () -> {
                    try (consumer) {
                        while (running.get()) {
                            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                                long now = System.nanoTime();
                                if (!record.value().contains("\"message.inbound\"")) {
                                    continue;
                                }
                                JsonNode data = JSON.readTree(record.value()).get("data");
                                Long sent =
                                        sentAt.remove(data.get("providerSid").asString());
                                if (sent != null) {
                                    synchronized (latency) {
                                        latency.recordValue(
                                                Math.min((now - sent) / 1_000, latency.getHighestTrackableValue()));
                                    }
                                    seen.incrementAndGet();
                                }
                            }
                        }
                    }
                },
                "bench-kafka");
        thread.start();
        return thread;
    }

    private static void awaitSeen(AtomicInteger seen, Map<String, Long> sentAt, Duration atMost)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static List<String> createLeads(HttpClient http, String gateway, int count) throws Exception {
        String login = post(
                http, gateway + "/api/auth/login", null, "{\"email\":\"admin@demo.test\",\"password\":\"demo-admin\"}");
        String token = JSON.readTree(login).get("accessToken").asString();
        List<String> phones = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode lead = null;
            for (int attempt = 1; lead == null; attempt++) {
                // a random number in one exchange: an earlier run may have taken it (409), so draw again
                String phone = "+1212736"
                        + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
                String body = JSON.writeValueAsString(Map.of(
                        "firstName",
                        "Bench",
                        "lastName",
                        "Lead " + i,
                        "email",
                        "bench-" + UUID.randomUUID() + "@example.test",
                        "phone",
                        phone));
                try {
                    lead = JSON.readTree(post(http, gateway + "/api/leads", token, body));
                } catch (IllegalStateException refused) {
                    if (attempt == 20 || !refused.getMessage().contains(" answered 409")) {
                        throw refused;
                    }
                }
            }
            phones.add(lead.get("phone").asString());
            ids.add(lead.get("id").asString());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String id : ids) {
            while (true) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(gateway + "/api/messages?leadId=" + id))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("messaging never learnt lead " + id + ": " + response.statusCode());
                }
                Thread.sleep(100);
            }
        }
        return phones;
    }

    private static String post(HttpClient http, String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
