package io.leadpulse.messaging.sending;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SendingTest extends MessagingServiceTestSupport {

    private final UUID org = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Test
    void sendsAnSmsThroughTwilioAndFollowsItsStatusForwardOnly() {
        String to = phone();
        UUID lead = createLead(org, rep, to);
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withFormParam("To", equalTo(to))
                .willReturn(twilioMessage(sid, "queued")));

        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS, Topics.REALTIME_MESSAGES)) {
            ApiClient.Response sent = api().postJson(
                            "/api/messages",
                            token(rep, org, "REP"),
                            Map.of(
                                    "leadId",
                                    lead,
                                    "channel",
                                    "SMS",
                                    "template",
                                    "Hi {{firstName}}, about {{company}}"));
            assertThat(sent.status()).isEqualTo(202);
            assertThat(sent.json().get("status").asString()).isEqualTo("QUEUED");
            assertThat(sent.json().get("body").asString()).isEqualTo("Hi Ada, about Analytical Engines");
            UUID id = UUID.fromString(sent.json().get("id").asString());

            await().until(() -> sid.equals(message(id).get("providerSid").asString("")));
            LoggedRequest request = TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))
                            .withRequestBody(containing(sid.isEmpty() ? "" : "To=%2B" + to.substring(1))))
                    .getFirst();
            assertThat(request.formParameters().get("From").firstValue()).isEqualTo("+15005550006");
            assertThat(request.formParameters().get("Body").firstValue()).isEqualTo("Hi Ada, about Analytical Engines");
            assertThat(request.formParameters().get("StatusCallback").firstValue())
                    .isEqualTo("http://localhost:" + port + "/webhooks/twilio/status");
            assertThat(Integer.parseInt(
                            request.formParameters().get("ValidityPeriod").firstValue()))
                    .isBetween(14_000, 14_400);
            assertThat(request.getHeader("Authorization"))
                    .isEqualTo(
                            "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes()));

            // Twilio's callbacks, late and out of order: delivered before sent, then sent twice.
            assertThat(postTwilio("/webhooks/twilio/status", status(sid, "delivered"))
                            .status())
                    .isEqualTo(200);
            assertThat(postTwilio("/webhooks/twilio/status", status(sid, "sent"))
                            .status())
                    .isEqualTo(200);
            assertThat(postTwilio("/webhooks/twilio/status", status(sid, "sent"))
                            .status())
                    .isEqualTo(200);
            await().until(() ->
                    jdbc.sql("select count(*) from twilio_webhook where message_sid = ? and processed_at is not null")
                                    .param(sid)
                                    .query(Long.class)
                                    .single()
                            == 2);
            assertThat(message(id).get("status").asString()).isEqualTo("DELIVERED");

            List<String> types = eventTypes(probe, lead, 3);
            assertThat(types).containsExactly("message.queued", "message.sent", "message.status_changed");
            EventEnvelope changed = codec.readEnvelope(probe.seen().stream()
                    .filter(r -> r.topic().equals(Topics.MESSAGING_EVENTS)
                            && r.value().contains("status_changed"))
                    .filter(r -> lead.toString().equals(r.key()))
                    .findFirst()
                    .orElseThrow()
                    .value());
            assertThat(changed.data().get("from").asString()).isEqualTo("queued");
            assertThat(changed.data().get("to").asString()).isEqualTo("delivered");

            RealtimeMessage pushed = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("\"message.status_changed\"")
                                            && r.value().contains(id.toString()))
                            .value(),
                    RealtimeMessage.class);
            assertThat(pushed.channels())
                    .containsExactlyInAnyOrder(RealtimeMessage.Channels.lead(lead), RealtimeMessage.Channels.user(rep));
        }
    }

    @Test
    void anOptedOutRecipientFailsWith21610AndIsNeverSentToAgain() {
        String to = phone();
        UUID lead = createLead(org, rep, to);
        TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withFormParam("To", equalTo(to))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"code": 21610, "message": "Attempt to send to unsubscribed recipient",
                                 "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}
                                """)));

        UUID id = send(lead, "first try");
        await().until(() -> "FAILED".equals(message(id).get("status").asString()));
        assertThat(message(id).get("errorCode").asInt()).isEqualTo(21610);

        ApiClient.Response refused = api().postJson(
                        "/api/messages",
                        token(admin, org, "ADMIN"),
                        Map.of("leadId", lead, "channel", "WHATSAPP", "body", "x"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("reason").asString()).isEqualTo("OPTED_OUT");
        assertThat(TWILIO.findAll(
                        postRequestedFor(urlPathEqualTo(MESSAGES_PATH)).withFormParam("To", containing(to))))
                .hasSize(1);
    }

    @Test
    void aMessageThatWaitedPastItsValidityExpiresInsteadOfGoingOutLate() {
        String to = phone();
        UUID lead = createLead(org, rep, to);
        Instant sendAt = clock.instant().plus(Duration.ofHours(1));
        ApiClient.Response queued = api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of(
                                "leadId",
                                lead,
                                "channel",
                                "SMS",
                                "body",
                                "see you at 3",
                                "sendAt",
                                sendAt.toString(),
                                "validitySeconds",
                                600));
        assertThat(queued.status()).isEqualTo(202);
        UUID id = UUID.fromString(queued.json().get("id").asString());

        clock.advance(Duration.ofHours(2));

        await().until(() -> "EXPIRED".equals(message(id).get("status").asString()));
        assertThat(TWILIO.findAll(
                        postRequestedFor(urlPathEqualTo(MESSAGES_PATH)).withFormParam("To", equalTo(to))))
                .isEmpty();
    }

    @Test
    void oneSendingNumberSendsAtMostOneMessagePerInterval() {
        List<UUID> ids = new java.util.ArrayList<>();
        List<String> numbers = List.of(phone(), phone(), phone());
        for (String number : numbers) {
            ids.add(send(createLead(org, rep, number), "hello"));
        }
        await().until(() -> requestsTo(numbers).size() == 3);
        // When the worker took the number's slot for each message, on the clock the queue runs on.
        List<Instant> slots = jdbc.sql("select claimed_at from message where id in (?, ?, ?) order by claimed_at")
                .params(ids.get(0), ids.get(1), ids.get(2))
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .list();
        assertThat(slots).hasSize(3);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void twilioBeingDownPutsTheMessageBackInTheQueueUntilItAnswers() {
        String to = phone();
        UUID lead = createLead(org, rep, to);
        TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withFormParam("To", equalTo(to))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"status\": 503, \"message\": \"down\"}")));
        UUID id = send(lead, "are you there?");
        await().until(() -> jdbc.sql("select attempts from message where id = ? and claimed_at is null")
                        .param(id)
                        .query(Integer.class)
                        .optional()
                        .orElse(0)
                >= 1);
        assertThat(message(id).get("status").asString()).isEqualTo("QUEUED");

        TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withFormParam("To", equalTo(to))
                .atPriority(1)
                .willReturn(twilioMessage("SM" + UUID.randomUUID().toString().replace("-", ""), "queued")));
        clock.advance(Duration.ofMinutes(11));

        await().until(() -> !message(id).get("providerSid").isNull());
        assertThat(message(id).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void refusesWhatCannotBeSentNamingTheField() {
        UUID lead = createLead(org, rep, phone());
        UUID leadWithoutPhone = createLead(org, rep, null);
        String token = token(rep, org, "REP");

        assertInvalid(api().postJson("/api/messages", token, Map.of("channel", "SMS", "body", "x")), "leadId");
        assertInvalid(
                api().postJson("/api/messages", token, Map.of("leadId", lead, "channel", "PIGEON", "body", "x")),
                "channel");
        assertInvalid(api().postJson("/api/messages", token, Map.of("leadId", lead, "channel", "SMS")), "body");
        assertInvalid(
                api().postJson(
                                "/api/messages",
                                token,
                                Map.of("leadId", lead, "channel", "SMS", "template", "Hi {{nickname}}")),
                "template");
        assertInvalid(
                api().postJson(
                                "/api/messages",
                                token,
                                Map.of("leadId", leadWithoutPhone, "channel", "SMS", "body", "x")),
                "channel");
        assertInvalid(
                api().postJson(
                                "/api/messages",
                                token,
                                Map.of("leadId", lead, "channel", "SMS", "body", "x".repeat(1601))),
                "body");
    }

    @Test
    void aRepSeesOnlyItsLeadsAndAnotherOrganisationSeesNothing() {
        UUID lead = createLead(org, rep, phone());
        UUID id = send(lead, "hello");

        String otherRep = token(UUID.randomUUID(), org, "REP");
        String otherOrgAdmin = token(admin, UUID.randomUUID(), "ADMIN");
        assertThat(api().get("/api/messages/" + id, otherRep).status()).isEqualTo(404);
        assertThat(api().get("/api/messages/" + id, otherOrgAdmin).status()).isEqualTo(404);
        assertThat(api().get("/api/messages?leadId=" + lead, otherRep).status()).isEqualTo(404);
        assertThat(api().postJson("/api/messages", otherOrgAdmin, Map.of("leadId", lead, "channel", "SMS", "body", "x"))
                        .status())
                .isEqualTo(404);

        JsonNode items = api().get("/api/messages?leadId=" + lead, token(admin, org, "ADMIN"))
                .json()
                .get("items");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("id").asString()).isEqualTo(id.toString());
        assertThat(api().get("/api/messages/" + id, token(rep, org, "REP")).status())
                .isEqualTo(200);
    }

    private UUID send(UUID lead, String body) {
        ApiClient.Response response = api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of("leadId", lead, "channel", "SMS", "body", body));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return UUID.fromString(response.json().get("id").asString());
    }

    private JsonNode message(UUID id) {
        return api().get("/api/messages/" + id, token(admin, org, "ADMIN")).json();
    }

    private static Map<String, String> status(String sid, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    private static List<LoggedRequest> requestsTo(List<String> numbers) {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))).stream()
                .filter(r -> numbers.contains(r.formParameters().get("To").firstValue()))
                .toList();
    }

    private static void assertInvalid(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    private List<String> eventTypes(TopicProbe probe, UUID lead, int expected) {
        await().until(() -> probe.seen().stream()
                        .filter(r -> r.topic().equals(Topics.MESSAGING_EVENTS)
                                && lead.toString().equals(r.key()))
                        .count()
                >= expected);
        return probe.seen().stream()
                .filter(r -> r.topic().equals(Topics.MESSAGING_EVENTS)
                        && lead.toString().equals(r.key()))
                .map(ConsumerRecord::value)
                .map(json -> codec.readEnvelope(json).type())
                .toList();
    }
}
