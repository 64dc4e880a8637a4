package io.leadpulse.notification;

import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.DomainEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.MovableClock;
import io.leadpulse.platform.test.TestJwtIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One Spring context for every notification-service test: the real service on a random port with
 * its own PostgreSQL and Kafka, a GreenMail SMTP server, a WireMock server standing in for Twilio's
 * Messages API, and a clock the tests can move forward.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notification.reminder-poll-interval=200ms",
            "notification.email-poll-interval=200ms",
            // weekly insights: due from Monday 00:00 org-local, sent only when a test asks (WeeklyInsightsTest)
            "notification.insights-cron=0 0 0 * * *",
            "notification.insights-poll-interval=1h",
            "notification.sms.poll-interval=200ms",
            "notification.sms.account-sid=" + NotificationTestSupport.TWILIO_ACCOUNT_SID,
            "notification.sms.auth-token=" + NotificationTestSupport.TWILIO_AUTH_TOKEN,
            "notification.sms.from=+15005550006",
            "notification.sms.app-url=https://app.leadpulse.test/"
        })
@Import(NotificationTestSupport.TestClockConfiguration.class)
public abstract class NotificationTestSupport {

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock();
        }
    }

    /** One SMTP server for the JVM's one context, on a free port. */
    protected static final GreenMail MAIL = startMail();

    public static final String TWILIO_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String TWILIO_AUTH_TOKEN = "test-twilio-token";
    protected static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT_SID + "/Messages.json";

    /** One Twilio stand-in for the JVM's one context: accepts every message unless a test stubs more precisely. */
    protected static final WireMockServer TWILIO = startTwilio();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("notification.sms.api-base-url", TWILIO::baseUrl);
    }

    private static WireMockServer startTwilio() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(MESSAGES_PATH))
                .atPriority(10)
                .willReturn(twilioMessage("SM{{randomValue length=32 type='HEXADECIMAL'}}")));
        return server;
    }

    /** Twilio's answer to a created message (trimmed to the fields the SDK reads). */
    protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder twilioMessage(String sid) {
        return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"sid": "%s", "account_sid": "%s", "status": "queued", "to": "{{formData request.body 'form'}}{{form.To}}",
                         "from": "{{form.From}}", "num_segments": "1", "direction": "outbound-api",
                         "api_version": "2010-04-01", "error_code": null, "error_message": null,
                         "date_created": "Mon, 23 Nov 2026 04:00:00 +0000", "uri": "/2010-04-01/Accounts/%s/Messages/%s.json"}
                        """.formatted(sid, TWILIO_ACCOUNT_SID, TWILIO_ACCOUNT_SID, sid));
    }

    private static GreenMail startMail() {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            socket.close();
            GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            return mail;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected final EventCodec codec = new EventCodec();

    @LocalServerPort
    protected int port;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MovableClock clock;

    protected ApiClient api() {
        return ApiClient.onLocalPort(port);
    }

    protected static String token(UUID user, UUID org, String role) {
        return TestJwtIssuer.get().token(user, org, role);
    }

    /** Sends a contract event on its topic, keyed by its subject; returns the envelope. */
    protected EventEnvelope send(DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event, null);
        send(Topics.LEAD_EVENTS, envelope);
        return envelope;
    }

    protected void send(String topic, EventEnvelope envelope) {
        try {
            kafka.send(topic, envelope.subject(), codec.toJson(envelope)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An envelope of another context's event, built from its type and data only. */
    protected EventEnvelope foreign(String type, UUID orgId, String subject, Object data) {
        JsonNode json = codec.mapper().valueToTree(data);
        return new EventEnvelope(UUID.randomUUID(), type, 1, Instant.now(), orgId, subject, null, json);
    }

    protected UUID user(UUID org, String role, boolean active) {
        UUID id = UUID.randomUUID();
        send(new AccountEvent.UserCreated(org, id, "User " + id, id + "@example.test", role, active, Instant.now()));
        awaitKnown("directory_user", "user_id", id);
        return id;
    }

    /** Sends a lead.created by {@code createdBy} assigned to {@code assignee}; returns the lead id. */
    protected UUID lead(UUID org, UUID assignee, UUID createdBy) {
        UUID lead = UUID.randomUUID();
        send(new LeadEvent.LeadCreated(
                org,
                lead,
                "Ada",
                "Lovelace",
                "ada-" + lead + "@example.test",
                null,
                "Analytical Engines",
                "NEW",
                assignee,
                List.of(),
                "api",
                createdBy,
                Instant.now()));
        awaitKnown("directory_lead", "lead_id", lead);
        return lead;
    }

    /** Events on different keys travel on different partitions: wait until the directory has this one. */
    protected void awaitKnown(String table, String column, UUID id) {
        await().until(() -> jdbc.sql("select count(*) from " + table + " where " + column + " = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                == 1);
    }

    /** Waits until the lead-events consumer has applied these events (their effects are committed). */
    protected void awaitProcessed(EventEnvelope... events) {
        for (EventEnvelope event : events) {
            await().until(() -> jdbc.sql("select count(*) from processed_event where event_id = ?")
                            .param(event.id())
                            .query(Long.class)
                            .single()
                    >= 1);
        }
    }

    /** The person's notifications, newest first. */
    protected JsonNode items(UUID user, UUID org) {
        return api().get("/api/notifications?limit=200", token(user, org, "REP"))
                .json()
                .get("items");
    }

    protected List<String> types(UUID user, UUID org) {
        return items(user, org).valueStream().map(n -> n.get("type").asString()).toList();
    }

    protected ApiClient.Response put(String path, String token, String json) {
        return api().send(api().request(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }
}
