package io.leadpulse.messaging.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.twilio.security.RequestValidator;
import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.MessageProvider;
import io.leadpulse.messaging.sending.OutgoingMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The offline sender against a real HTTP server that checks signatures with Twilio's own validator. */
class SandboxMessageProviderTest {

    private static final String TOKEN = "dev-twilio-token";

    private HttpServer server;
    private String url;
    private final List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
    private SandboxMessageProvider sandbox;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/twilio/status";
        RequestValidator validator = new RequestValidator(TOKEN);
        server.createContext("/webhooks/twilio/status", exchange -> {
            Map<String, String> params = new LinkedHashMap<>();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : form.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            boolean valid =
                    validator.validate(url, params, exchange.getRequestHeaders().getFirst("X-Twilio-Signature"));
            if (valid) {
                callbacks.add(params);
            }
            exchange.sendResponseHeaders(valid ? 200 : 403, -1);
            exchange.close();
        });
        server.start();
        sandbox = new SandboxMessageProvider(
                TOKEN, () -> url, new MessagingSettings.Sandbox(Duration.ofMillis(50), Duration.ofMillis(150)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        server.stop(0);
    }

    @Test
    void answersLikeTwilioAndThenCallsTheStatusWebhookSignedSentThenDelivered() {
        MessageProvider.Accepted accepted = sandbox.send(message("+15551234567"));

        assertThat(accepted.sid()).matches("SM[0-9a-f]{32}");
        assertThat(accepted.status()).isEqualTo("queued");
        await().until(() -> callbacks.size() == 2);
        assertThat(callbacks).extracting(p -> p.get("MessageStatus")).containsExactly("sent", "delivered");
        assertThat(callbacks).allSatisfy(p -> {
            assertThat(p.get("MessageSid")).isEqualTo(accepted.sid());
            assertThat(p.get("To")).isEqualTo("+15551234567");
            assertThat(p.get("From")).isEqualTo("+15005550006");
        });
    }

    @Test
    void refusesTwiliosTestNumbersAsTwilioDoes() {
        assertThatThrownBy(() -> sandbox.send(message("+15005550004")))
                .isInstanceOfSatisfying(
                        MessageProvider.Rejected.class,
                        e -> assertThat(e.code()).isEqualTo(21610));
        assertThatThrownBy(() -> sandbox.send(message("whatsapp:+15005550001")))
                .isInstanceOfSatisfying(
                        MessageProvider.Rejected.class,
                        e -> assertThat(e.code()).isEqualTo(21211));
        assertThat(callbacks).isEmpty();
    }

    private static OutgoingMessage message(String to) {
        return new OutgoingMessage(
                UUID.randomUUID(), Channel.SMS, "+15005550006", to, null, "hello", Duration.ofHours(4));
    }
}
