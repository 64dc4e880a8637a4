package io.leadpulse.messaging.sequences;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SequencesTest extends MessagingServiceTestSupport {

    private final UUID org = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Test
    void refusesATemplateNamingAnUnknownFieldWhenTheSequenceIsSaved() {
        ApiClient.Response refused = api().postJson(
                        "/api/sequences",
                        token(admin, org, "ADMIN"),
                        Map.of(
                                "name",
                                "Follow-up",
                                "steps",
                                List.of(step("Hi {{firstName}}", 0), step("About {{company}}, {{nickname}}?", 60))));
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("steps[1].template");
        assertThat(error.get("message").asString()).contains("step 2").contains("nickname");

        assertThat(api().postJson(
                                "/api/sequences",
                                token(rep, org, "REP"),
                                Map.of("name", "x", "steps", List.of(step("Hi", 0))))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void sendsEachStepWhenDueAndCompletes() {
        String phone = phone();
        UUID lead = createLead(org, rep, phone);
        String sequence = create(step("Hi {{firstName}}, quick question", 0), step("Still interested?", 60));

        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS)) {
            String enrolment = enrol(sequence, lead);
            await().until(() -> sentTo(phone, "Hi Ada, quick question"));
            assertThat(sentTo(phone, "Still interested?")).isFalse();
            assertThat(api().postJson(
                                    "/api/sequences/" + sequence + "/enrolments",
                                    token(rep, org, "REP"),
                                    Map.of("leadId", lead))
                            .status())
                    .isEqualTo(409);

            clock.advance(Duration.ofMinutes(61));
            await().until(() -> sentTo(phone, "Still interested?"));
            await().until(() -> "COMPLETED"
                    .equals(enrolment(sequence, enrolment).get("status").asString()));
            assertThat(enrolment(sequence, enrolment).get("reason").asString()).isEqualTo("FINISHED");
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> lead.toString().equals(r.key()) && r.value().contains("sequence.completed"));
            assertThat(probe.seen().stream()
                            .filter(r ->
                                    lead.toString().equals(r.key()) && r.value().contains("sequence.step_sent"))
                            .count())
                    .isEqualTo(2);
        }
    }

    @Test
    void aReplyStopsTheSequenceBeforeItsNextStep() {
        String phone = phone();
        UUID lead = createLead(org, rep, phone);
        String sequence = create(step("Hello {{firstName}}", 0), step("Second nudge", 60));
        String enrolment = enrol(sequence, lead);
        await().until(() -> sentTo(phone, "Hello Ada"));

        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        reply.put("From", phone);
        reply.put("To", "+15005550006");
        reply.put("Body", "Thanks, call me");
        assertThat(postTwilio("/webhooks/twilio/inbound", reply).status()).isEqualTo(200);
        await().until(() ->
                "STOPPED".equals(enrolment(sequence, enrolment).get("status").asString()));
        assertThat(enrolment(sequence, enrolment).get("reason").asString()).isEqualTo("REPLIED");

        clock.advance(Duration.ofMinutes(61));
        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(3))
                .until(() -> !sentTo(phone, "Second nudge"));
    }

    @Test
    void aLeadWonStopsTheSequence() {
        String phone = phone();
        UUID lead = createLead(org, rep, phone);
        String sequence = create(step("Offer for {{company}}", 30));
        String enrolment = enrol(sequence, lead);

        publish(new LeadEvent.LeadStatusChanged(org, lead, "NEW", "WON", rep, rep, null, Instant.now()));

        await().until(() ->
                "STOPPED".equals(enrolment(sequence, enrolment).get("status").asString()));
        assertThat(enrolment(sequence, enrolment).get("reason").asString()).isEqualTo("LEAD_WON");
        clock.advance(Duration.ofMinutes(31));
        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(3))
                .until(() -> !sentTo(phone, "Offer for Analytical Engines"));
    }

    private String create(Map<String, Object>... steps) {
        ApiClient.Response created = api().postJson(
                        "/api/sequences",
                        token(admin, org, "ADMIN"),
                        Map.of("name", "Follow-up", "steps", List.of(steps)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String enrol(String sequence, UUID lead) {
        ApiClient.Response enrolled = api().postJson(
                        "/api/sequences/" + sequence + "/enrolments", token(rep, org, "REP"), Map.of("leadId", lead));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        return enrolled.json().get("id").asString();
    }

    private JsonNode enrolment(String sequence, String id) {
        return api().get("/api/sequences/" + sequence + "/enrolments", token(admin, org, "ADMIN"))
                .json()
                .get("items")
                .valueStream()
                .filter(e -> e.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static boolean sentTo(String phone, String body) {
        return !TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))
                        .withFormParam("To", equalTo(phone))
                        .withFormParam("Body", equalTo(body)))
                .isEmpty();
    }

    private static Map<String, Object> step(String template, int delayMinutes) {
        return Map.of("channel", "SMS", "delayMinutes", delayMinutes, "template", template);
    }
}
