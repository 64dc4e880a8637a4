package io.leadpulse.realtime;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.TestInfrastructure;
import io.leadpulse.platform.test.TestJwtIssuer;
import io.leadpulse.realtime.httpapi.PusherHttpApiController;
import io.leadpulse.realtime.protocol.PusherSignatures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for the module's tests: the service on a random port, its HTTP API on another,
 * the JVM's embedded Kafka, and a WireMock server standing in for lead-service.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "realtime.http-api-port=0",
            "realtime.heartbeat-interval=1s",
            "realtime.instance-timeout=6s",
            "realtime.max-outbound-bytes=262144",
            "realtime.write-timeout=10s"
        })
abstract class RealtimeTestBase {

    static final String APP_ID = "leadpulse";
    static final String KEY = "leadpulse-key";
    static final String SECRET = "leadpulse-secret";
    static final PusherSignatures SIGNATURES = new PusherSignatures(KEY, SECRET);

    static final WireMockServer leadService = startLeadService();
    private static final EventCodec CODEC = new EventCodec();
    private static KafkaProducer<String, String> producer;

    @LocalServerPort
    int port;

    @Autowired
    PusherHttpApiController httpApi;

    final HttpClient http = HttpClient.newHttpClient();

    private static WireMockServer startLeadService() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    @DynamicPropertySource
    static void leadServiceUrl(DynamicPropertyRegistry registry) {
        registry.add("realtime.lead-service-url", leadService::baseUrl);
    }

    /** Writes a realtime message to Kafka exactly as a service's outbox does (JSON, org key, headers). */
    static void publish(RealtimeMessage message) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(Topics.REALTIME_MESSAGES, message.orgId().toString(), CODEC.toJson(message));
        record.headers().add("leadpulse_event_id", message.id().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("leadpulse_event_type", "realtime.message".getBytes(StandardCharsets.UTF_8));
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting; {@link #flush()} waits for everything sent. */
    static void publishAsync(RealtimeMessage message) {
        producer()
                .send(new ProducerRecord<>(
                        Topics.REALTIME_MESSAGES, message.orgId().toString(), CODEC.toJson(message)));
    }

    static void flush() {
        producer().flush();
    }

    static RealtimeMessage message(UUID orgId, String channel, String event, Object data) {
        return RealtimeMessage.of(orgId, List.of(channel), event, data);
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.get().kafkaBootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    static String token(UUID userId, UUID orgId, String role) {
        return TestJwtIssuer.get().token(userId, orgId, role);
    }

    HttpResponse<String> postForm(String path, String token, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A public channel's subscribe frame. */
    static Map<String, Object> subscribe(String channel) {
        return Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel));
    }

    /** A private channel's subscribe frame, signed with the app secret as the auth endpoint would. */
    static Map<String, Object> subscribePrivate(String socketId, String channel) {
        return Map.of(
                "event",
                "pusher:subscribe",
                "data",
                Map.of("channel", channel, "auth", SIGNATURES.channelAuth(socketId, channel, null)));
    }

    static Map<String, Object> subscribePresence(String socketId, String channel, String channelData) {
        return Map.of(
                "event",
                "pusher:subscribe",
                "data",
                Map.of(
                        "channel",
                        channel,
                        "auth",
                        SIGNATURES.channelAuth(socketId, channel, channelData),
                        "channel_data",
                        channelData));
    }
}
