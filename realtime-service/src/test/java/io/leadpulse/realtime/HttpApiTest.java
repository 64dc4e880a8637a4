package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The Pusher HTTP API's rules, with requests signed here independently of the server's code
 * (INFRA.md: {@code POST\n/apps/{id}/events\n} + sorted query, HMAC-SHA256, body MD5).
 */
class HttpApiTest extends RealtimeTestBase {

    private static final String EVENTS = "/apps/" + APP_ID + "/events";

    @Test
    void acceptsASignedEventAndDeliversItToSubscribers() throws Exception {
        String channel = "public-api-" + UUID.randomUUID();
        try (RawClient client = RawClient.established(port)) {
            client.send(subscribe(channel));
            client.awaitEvent("pusher_internal:subscription_succeeded", channel);

            HttpResponse<String> response = post(
                    EVENTS,
                    "{\"name\":\"api.event\",\"channels\":[\"" + channel + "\"],\"data\":\"{\\\"a\\\":1}\"}",
                    now());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(RawClient.data(client.awaitEvent("api.event", channel))
                            .get("a")
                            .asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void leavesOutTheSocketNamedInSocketId() throws Exception {
        String channel = "public-api-exclude-" + UUID.randomUUID();
        try (RawClient sender = RawClient.established(port);
                RawClient other = RawClient.established(port)) {
            sender.send(subscribe(channel));
            other.send(subscribe(channel));
            sender.awaitEvent("pusher_internal:subscription_succeeded", channel);
            other.awaitEvent("pusher_internal:subscription_succeeded", channel);

            String body = "{\"name\":\"echo.free\",\"channels\":[\"" + channel + "\"],\"data\":\"{}\",\"socket_id\":\""
                    + sender.socketId() + "\"}";
            assertThat(post(EVENTS, body, now()).statusCode()).isEqualTo(200);
            other.awaitEvent("echo.free", channel);
            // The sender's frames are in order: a pong asked for now comes after anything sent before.
            sender.send(Map.of("event", "pusher:ping", "data", Map.of()));
            sender.awaitEvent("pusher:pong");
            assertThat(sender.events("echo.free")).isEmpty();
        }
    }

    @Test
    void refusesStaleTimestampsTamperedBodiesAndOversizeOrOverlongRequests() throws Exception {
        String ok = "{\"name\":\"e\",\"channels\":[\"public-x\"],\"data\":\"{}\"}";
        List<String> hundredAndOne = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            hundredAndOne.add("\"public-" + i + "\"");
        }
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 11; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"name\":\"e\",\"channel\":\"public-x\",\"data\":\"{}\"}");
        }
        batch.append("]}");

        assertThat(post(EVENTS, ok, now() - 601).statusCode()).isEqualTo(401);
        assertThat(postTampered(EVENTS, ok).statusCode()).isEqualTo(401);
        assertThat(post(
                                EVENTS,
                                "{\"name\":\"e\",\"channels\":[\"public-x\"],\"data\":\"" + "x".repeat(10_241) + "\"}",
                                now())
                        .statusCode())
                .isEqualTo(413);
        assertThat(post(
                                EVENTS,
                                "{\"name\":\"e\",\"channels\":[" + String.join(",", hundredAndOne)
                                        + "],\"data\":\"{}\"}",
                                now())
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/apps/" + APP_ID + "/batch_events", batch.toString(), now())
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(EVENTS, "{\"name\":\"e\",\"channels\":[\"bad channel\"],\"data\":\"{}\"}", now())
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/apps/other-app/events", ok, now()).statusCode()).isEqualTo(404);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private HttpResponse<String> post(String path, String body, long timestamp) throws Exception {
        return send(path, body, signedQuery(path, body, timestamp));
    }

    /** Signed for one body, sent with another. */
    private HttpResponse<String> postTampered(String path, String body) throws Exception {
        return send(path, body.replace("public-x", "public-y"), signedQuery(path, body, now()));
    }

    private HttpResponse<String> send(String path, String body, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + httpApi.port() + path + "?" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String signedQuery(String path, String body, long timestamp) throws Exception {
        Map<String, String> query = new TreeMap<>();
        query.put("auth_key", KEY);
        query.put("auth_timestamp", Long.toString(timestamp));
        query.put("auth_version", "1.0");
        query.put(
                "body_md5",
                HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8))));
        String sorted = query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("&"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of()
                .formatHex(mac.doFinal(("POST\n" + path + "\n" + sorted).getBytes(StandardCharsets.UTF_8)));
        return sorted + "&auth_signature=" + signature;
    }
}
