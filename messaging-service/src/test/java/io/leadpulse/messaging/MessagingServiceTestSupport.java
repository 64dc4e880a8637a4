package io.leadpulse.messaging;

import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.leadpulse.messaging.twilio.TwilioSignature;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.MovableClock;
import io.leadpulse.platform.test.TestJwtIssuer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for every messaging-service test: the real service on a random port, real
 * PostgreSQL and Kafka (platform test support), a real WireMock server standing in for Twilio's
 * REST API, and a clock tests can move forward (never back: every worker reads it).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "messaging.twilio.account-sid=" + MessagingServiceTestSupport.ACCOUNT_SID,
            "messaging.twilio.auth-token=" + MessagingServiceTestSupport.AUTH_TOKEN,
            "messaging.twilio.status-callback-url=http://localhost:${local.server.port}/webhooks/twilio/status",
            "messaging.sending.sender-interval=250ms",
            "messaging.sending.poll-interval=50ms",
            "messaging.sending.retry-delay=10m",
            "messaging.webhooks.poll-interval=50ms",
            "messaging.sequences.poll-interval=100ms",
            "messaging.sequences.first-line-wait=10m",
            "messaging.sequences.first-line-fallback=I hope this finds you well.",
            "messaging.webhooks.unknown-sid-retry=10m",
            // Tests run at any hour: no quiet hours unless a test sets them for its organisation.
            "messaging.org-defaults.quiet-start=00:00",
            "messaging.org-defaults.quiet-end=00:00",
            "messaging.email.bounces.imap-ssl=false",
            "messaging.email.bounces.username=" + MessagingServiceTestSupport.BOUNCE_MAILBOX,
            "messaging.email.bounces.password=bounce-secret",
            "messaging.email.bounces.poll-interval=200ms",
            "messaging.email.bounces.soft-retry-delay=24h",
            "messaging.email.bounces.soft-retry-limit=2",
            "messaging.email.tracking.base-url=" + MessagingServiceTestSupport.TRACKING_BASE,
            "messaging.email.tracking.secret=test-tracking-secret"
        })
@Import(TestClockConfiguration.class)
public abstract class MessagingServiceTestSupport {

    public static final String ACCOUNT_SID = "AC11111111111111111111111111111111";
    public static final String AUTH_TOKEN = "test-twilio-token";
    protected static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    protected static final WireMockServer TWILIO = startTwilio();
    /**
     * A real mail server (GreenMail): SMTP that Spring Mail sends the EMAIL channel to, and IMAP
     * serving the bounce mailbox that bounce and complaint reports arrive in.
     */
    protected static final GreenMail SMTP = startSmtp();

    protected static final String BOUNCE_MAILBOX = "bounces@leadpulse.test";
    protected static final String TRACKING_BASE = "https://track.leadpulse.test";

    protected final EventCodec codec = new EventCodec();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected MovableClock clock;

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry registry) {
        registry.add("messaging.twilio.api-base-url", TWILIO::baseUrl);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("messaging.email.bounces.imap-host", () -> "127.0.0.1");
        registry.add("messaging.email.bounces.imap-port", () -> SMTP.getImap().getPort());
    }

    protected ApiClient api() {
        return ApiClient.onLocalPort(port);
    }

    protected ApiClient.Response putJson(String path, String token, Object body) {
        return api().send(api().request(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    }

    protected static String token(UUID userId, UUID orgId, String role) {
        return TestJwtIssuer.get().token(userId, orgId, role);
    }

    /** A fresh, unique E.164 number in the fictional 555 range. */
    protected static String phone() {
        return "+1555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    /** Publishes a lead as lead-service would, and waits until messaging knows it. */
    protected UUID createLead(UUID orgId, UUID assigneeId, String phone) {
        UUID leadId = UUID.randomUUID();
        publish(new LeadEvent.LeadCreated(
                orgId,
                leadId,
                "Ada",
                "Lovelace",
                "ada-" + leadId + "@example.test",
                phone,
                "Analytical Engines",
                "NEW",
                assigneeId,
                List.of(),
                "test",
                assigneeId,
                Instant.now()));
        await().until(() -> jdbc.sql("select count(*) from lead_contact where lead_id = ?")
                        .param(leadId)
                        .query(Long.class)
                        .single()
                == 1);
        return leadId;
    }

    protected EventEnvelope publish(LeadEvent event) {
        EventEnvelope envelope = codec.wrap(event, null);
        send(envelope);
        return envelope;
    }

    protected void send(EventEnvelope envelope) {
        send(Topics.LEAD_EVENTS, envelope);
    }

    protected void send(String topic, EventEnvelope envelope) {
        try {
            kafka.send(topic, envelope.subject(), codec.toJson(envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a webhook signed as Twilio signs it, over the URL it is posted to. */
    protected ApiClient.Response postTwilio(String path, Map<String, String> params) {
        String url = "http://localhost:" + port + path;
        return postTwilio(path, params, TwilioSignature.sign(AUTH_TOKEN, url, params), Map.of());
    }

    protected ApiClient.Response postTwilio(
            String path, Map<String, String> params, String signature, Map<String, String> headers) {
        HttpRequest.Builder request = api().request(path, null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        headers.forEach(request::header);
        return api().send(request.build());
    }

    protected static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    protected static URI uri(String value) {
        return URI.create(value);
    }

    private static GreenMail startSmtp() {
        GreenMail greenMail = new GreenMail(new com.icegreen.greenmail.util.ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()
        });
        greenMail.start();
        greenMail.setUser(BOUNCE_MAILBOX, BOUNCE_MAILBOX, "bounce-secret");
        return greenMail;
    }

    private static WireMockServer startTwilio() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        // Any message not stubbed more precisely is accepted, with a fresh sid, as Twilio answers.
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(MESSAGES_PATH))
                .atPriority(10)
                .willReturn(twilioMessage("SM{{randomValue length=32 type='HEXADECIMAL'}}", "queued")));
        return server;
    }

    /** Twilio's answer to a created message, as its API gives it (trimmed to the fields the SDK reads). */
    protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder twilioMessage(
            String sid, String status) {
        return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"sid": "%s", "account_sid": "%s", "status": "%s", "body": "{{formData request.body 'form'}}{{form.Body}}",
                         "to": "{{form.To}}", "from": "{{form.From}}", "num_segments": "1", "direction": "outbound-api",
                         "api_version": "2010-04-01", "error_code": null, "error_message": null,
                         "date_created": "Mon, 23 Nov 2026 04:00:00 +0000", "uri": "/2010-04-01/Accounts/%s/Messages/%s.json"}
                        """.formatted(sid, ACCOUNT_SID, status, ACCOUNT_SID, sid));
    }
}
