package io.leadpulse.messaging.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.messaging.twilio.TwilioSignature;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TwilioWebhooksTest extends MessagingServiceTestSupport {

    @Autowired
    TwilioWebhookRepository webhooks;

    @Autowired
    TwilioWebhookProcessor processor;

    private final UUID org = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Test
    void refusesAForgedOrMissingSignatureWith403AndStoresNothing() {
        String sid = sid();
        Map<String, String> params = status(sid, "delivered");
        String url = "http://localhost:" + port + "/webhooks/twilio/status";

        ApiClient.Response forged = postTwilio(
                "/webhooks/twilio/status", params, TwilioSignature.sign("not-the-token", url, params), Map.of());
        ApiClient.Response unsigned = postTwilio("/webhooks/twilio/status", params, null, Map.of());
        Map<String, String> tampered = new LinkedHashMap<>(params);
        tampered.put("MessageStatus", "failed");
        ApiClient.Response altered = postTwilio(
                "/webhooks/twilio/status", tampered, TwilioSignature.sign(AUTH_TOKEN, url, params), Map.of());

        assertThat(forged.status()).isEqualTo(403);
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(altered.status()).isEqualTo(403);
        assertThat(forged.isProblem()).isTrue();
        assertThat(stored(sid)).isZero();
    }

    @Test
    void namesMissingParametersWith400AndRefusesOversizeBodiesWith413() {
        Map<String, String> noStatus = new LinkedHashMap<>(status(sid(), "sent"));
        noStatus.remove("MessageStatus");
        ApiClient.Response missing = postTwilio("/webhooks/twilio/status", noStatus);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("MessageStatus");

        Map<String, String> inbound = inbound(sid(), phone(), "hello");
        inbound.remove("From");
        inbound.remove("Body");
        ApiClient.Response missingTwo = postTwilio("/webhooks/twilio/inbound", inbound);
        assertThat(missingTwo.status()).isEqualTo(400);
        assertThat(missingTwo.json().get("detail").asString()).contains("From").contains("Body");

        String sid = sid();
        ApiClient.Response oversize = postTwilio("/webhooks/twilio/inbound", inbound(sid, phone(), "x".repeat(20_000)));
        assertThat(oversize.status()).isEqualTo(413);
        assertThat(stored(sid)).isZero();
    }

    @Test
    void storesADuplicateOnceAndAnswers200Both() {
        String sid = sid();
        assertThat(postTwilio("/webhooks/twilio/status", status(sid, "sent")).status())
                .isEqualTo(200);
        assertThat(postTwilio("/webhooks/twilio/status", status(sid, "sent")).status())
                .isEqualTo(200);
        assertThat(stored(sid)).isEqualTo(1);
    }

    @Test
    void checksTheSignatureOverThePublicUrlTheGatewayForwards() {
        String sid = sid();
        Map<String, String> params = status(sid, "sent");
        String signature =
                TwilioSignature.sign(AUTH_TOKEN, "https://hooks.example.test/edge/webhooks/twilio/status", params);
        Map<String, String> forwarded = Map.of(
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "hooks.example.test",
                "X-Forwarded-Port", "443",
                "X-Forwarded-Prefix", "/edge");

        assertThat(postTwilio("/webhooks/twilio/status", params, signature, Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(postTwilio("/webhooks/twilio/status", params, signature, forwarded)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void keepsAStatusForAMessageSidNotSeenYetAndAppliesItWhenTheMessageAppears() {
        String to = phone();
        UUID lead = createLead(org, rep, to);
        String sid = sid();
        assertThat(postTwilio("/webhooks/twilio/status", status(sid, "delivered"))
                        .status())
                .isEqualTo(200);
        await().until(() -> "unknown_sid".equals(outcome(sid, "delivered")));

        TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withFormParam("To", equalTo(to))
                .willReturn(twilioMessage(sid, "queued")));
        ApiClient.Response sent = api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of("leadId", lead, "channel", "SMS", "body", "hello"));
        String id = sent.json().get("id").asString();

        // Retries of unknown sids are 10 minutes apart in tests: only the reconciliation can be this quick.
        await().until(() -> "DELIVERED".equals(message(id).get("status").asString()));
        assertThat(outcome(sid, "delivered")).isEqualTo("applied");
    }

    @Test
    void anInboundMessageFromALeadReachesItsRepAndItsLeadChannel() {
        String from = phone();
        UUID lead = createLead(org, rep, from);
        String sid = sid();
        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS, Topics.REALTIME_MESSAGES)) {
            ApiClient.Response answer = postTwilio("/webhooks/twilio/inbound", inbound(sid, from, "Sounds good!"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType()).startsWith("text/xml");
            assertThat(answer.body()).contains("<Response/>");
            assertThat(postTwilio("/webhooks/twilio/inbound", inbound(sid, from, "Sounds good!"))
                            .status())
                    .isEqualTo(200);

            EventEnvelope event = codec.readEnvelope(probe.await(
                            Topics.MESSAGING_EVENTS,
                            r -> lead.toString().equals(r.key()) && r.value().contains("message.inbound"))
                    .value());
            assertThat(event.data().get("body").asString()).isEqualTo("Sounds good!");
            assertThat(event.data().get("assigneeId").asString()).isEqualTo(rep.toString());
            assertThat(event.data().get("providerSid").asString()).isEqualTo(sid);
            RealtimeMessage pushed = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("\"message.inbound\"")
                                            && r.value().contains(sid))
                            .value(),
                    RealtimeMessage.class);
            assertThat(pushed.channels())
                    .containsExactlyInAnyOrder(RealtimeMessage.Channels.lead(lead), RealtimeMessage.Channels.user(rep));

            JsonNode items = api().get("/api/messages?leadId=" + lead, token(rep, org, "REP"))
                    .json()
                    .get("items");
            assertThat(items.size()).isEqualTo(1);
            assertThat(items.get(0).get("direction").asString()).isEqualTo("INBOUND");
            assertThat(items.get(0).get("status").asString()).isEqualTo("RECEIVED");
            assertThat(probe.seen().stream()
                            .filter(r ->
                                    lead.toString().equals(r.key()) && r.value().contains("message.inbound"))
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void anInboundWebhookKeepsItsTraceIdThroughTheStoreToTheEventAndTheRealtimeMessage() {
        String from = phone();
        createLead(org, rep, from);
        String sid = sid();
        String traceId = HexFormat.of()
                .formatHex(ByteBuffer.allocate(16)
                        .putLong(UUID.randomUUID().getMostSignificantBits())
                        .putLong(UUID.randomUUID().getLeastSignificantBits())
                        .array());
        Map<String, String> params = inbound(sid, from, "Traced?");
        String url = "http://localhost:" + port + "/webhooks/twilio/inbound";
        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS, Topics.REALTIME_MESSAGES)) {
            ApiClient.Response answer = postTwilio(
                    "/webhooks/twilio/inbound",
                    params,
                    TwilioSignature.sign(AUTH_TOKEN, url, params),
                    Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
            assertThat(answer.status()).isEqualTo(200);

            var event = probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> r.value().contains("message.inbound") && r.value().contains(sid));
            var pushed = probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains("\"message.inbound\"") && r.value().contains(sid));
            // Processed later, by the worker, from the store: still the request's trace.
            assertThat(traceparentOf(event)).startsWith("00-" + traceId + "-");
            assertThat(traceparentOf(pushed)).startsWith("00-" + traceId + "-");
            assertThat(traceparentOf(event)).doesNotContain("00f067aa0ba902b7");
        }
    }

    @Test
    void aWebhookThatFailsEvenAloneIsSetAsideAndTheOnesStoredAfterItAreProcessed() {
        String from = phone();
        createLead(org, rep, from);
        Instant at = clock.instant();
        String broken = sid();
        Map<String, String> noSender = inbound(broken, from, "no sender");
        noSender.remove("From"); // the controller refuses this; stored directly, processing it throws
        webhooks.insert(WebhookKind.INBOUND, broken, "received", noSender, at, null);
        String after = sid();
        webhooks.insert(WebhookKind.INBOUND, after, "received", inbound(after, from, "after it"), at, null);

        processor.wake();

        await().until(() -> "stored".equals(outcome(after, "received")));
        await().until(() -> "error".equals(outcome(broken, "received")));
        Map<String, Object> row = jdbc.sql("""
                        select processed_at, attempts, next_attempt_at > ? as later
                        from twilio_webhook where message_sid = ?""")
                .params(java.sql.Timestamp.from(clock.instant()), broken)
                .query()
                .singleRow();
        assertThat(row.get("processed_at")).isNull();
        assertThat((Integer) row.get("attempts")).isPositive();
        assertThat(row.get("later")).isEqualTo(true);
    }

    private static String traceparentOf(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("traceparent");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private JsonNode message(String id) {
        return api().get("/api/messages/" + id, token(rep, org, "REP")).json();
    }

    private long stored(String sid) {
        return jdbc.sql("select count(*) from twilio_webhook where message_sid = ?")
                .param(sid)
                .query(Long.class)
                .single();
    }

    private String outcome(String sid, String status) {
        return jdbc.sql("select outcome from twilio_webhook where message_sid = ? and message_status = ?")
                .params(sid, status)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static Map<String, String> status(String sid, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("MessageSid", sid);
        params.put("MessageStatus", status);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    private static Map<String, String> inbound(String sid, String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("From", from);
        params.put("To", "+15005550006");
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("ApiVersion", "2010-04-01");
        return params;
    }
}
