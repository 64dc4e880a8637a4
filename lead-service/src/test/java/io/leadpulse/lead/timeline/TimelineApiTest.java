package io.leadpulse.lead.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.ExternalEvents;
import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** GET /api/leads/{id}/timeline and the listener that records other services' events on it. */
class TimelineApiTest extends LeadServiceTestSupport {

    private static ExternalEvents events;

    private TestTeam team;

    @BeforeAll
    static void producer() {
        events = new ExternalEvents();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    @BeforeEach
    void setUp() {
        team = TestTeam.create(jdbc);
    }

    @Test
    void theTimelineShowsTheLeadsOwnChangesNewestFirstEndingWithItsCreationAndPagesThroughEachOnce() {
        String id = TestTeam.lead(api(), team.rep1(), lead());
        api().postJson("/api/leads/" + id + "/status", team.rep1(), Map.of("status", "CONTACTED"));
        api().postJson("/api/leads/" + id + "/notes", team.rep1(), Map.of("body", "called, left a voicemail"));
        TestTeam.patch(api(), "/api/leads/" + id, team.rep1(), Map.of("company", "Babbage & Co"));
        api().postJson("/api/leads/" + id + "/status", team.rep1(), Map.of("status", "REPLIED"));

        List<JsonNode> all = pageThrough(id, team.rep1(), 2);

        assertThat(all.stream().map(e -> e.get("type").asString()))
                .containsExactly(
                        "lead.status_changed", "lead.updated", "note.added", "lead.status_changed", "lead.created");
        assertThat(all.get(0).get("data").get("to").asString()).isEqualTo("REPLIED");
        assertThat(all.get(0).get("actorId").asString()).isEqualTo(team.rep1Id().toString());
        assertThat(all.get(1).get("data").get("changedFields").get(0).asString())
                .isEqualTo("company");
        assertThat(all.get(2).get("data").get("excerpt").asString()).isEqualTo("called, left a voicemail");
        assertThat(all.get(4).get("id").asString()).isEqualTo(id);
        assertThat(all.get(4).get("data").get("source").asString()).isEqualTo("api");
        assertThat(all.stream().map(e -> e.get("id").asString()).distinct()).hasSize(5);
        // The whole timeline in one page, same order.
        assertThat(pageThrough(id, team.admin(), 200)).isEqualTo(all);
    }

    @Test
    void otherServicesEventsAboutTheLeadAreRecordedOnceAndOnlyForTheOrganisationThatOwnsIt() {
        String id = TestTeam.lead(api(), team.rep1(), lead());
        UUID leadId = UUID.fromString(id);
        TestTeam other = TestTeam.create(jdbc);
        Map<String, Object> data = new HashMap<>();
        data.put("leadId", id);
        data.put("orgId", team.orgId().toString());
        data.put("channel", "SMS");
        data.put("body", "y".repeat(1_500));
        data.put("nothing", null);
        data.put("nested", Map.of("price", 12));
        EventEnvelope received = envelope("message.received", team.orgId(), leadId, data);
        EventEnvelope foreign =
                envelope("message.received", other.orgId(), leadId, Map.of("leadId", id, "channel", "SPY"));
        EventEnvelope noLead = envelope("message.sent", team.orgId(), leadId, Map.of("channel", "EMAIL"));
        EventEnvelope enriched =
                envelope("enrichment.completed", team.orgId(), leadId, Map.of("leadId", id, "title", "CTO"));
        EventEnvelope paid =
                envelope("payment.succeeded", team.orgId(), leadId, Map.of("leadId", id, "amountMinor", 4900));

        send(Topics.MESSAGING_EVENTS, received);
        send(Topics.MESSAGING_EVENTS, received);
        send(Topics.MESSAGING_EVENTS, foreign);
        send(Topics.MESSAGING_EVENTS, noLead);
        send(Topics.ENRICHMENT_EVENTS, enriched);
        // Same key, same partition: once the payment shows, everything sent before it on billing
        // was handled; the messaging sentinel does the same for the messaging topic.
        send(Topics.BILLING_EVENTS, paid);
        EventEnvelope sentinel =
                envelope("message.sent", team.orgId(), leadId, Map.of("leadId", id, "channel", "EMAIL"));
        send(Topics.MESSAGING_EVENTS, sentinel);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(types(id)).contains("message.sent", "enrichment.completed", "payment.succeeded"));
        List<JsonNode> entries = pageThrough(id, team.rep1(), 200);
        // The payment and the message also move the lead along the pipeline (LeadPipelineTest):
        // those status changes are the lead's own entries, left out here.
        assertThat(entries.stream()
                        .map(e -> e.get("type").asString())
                        .filter(type -> !type.equals("lead.status_changed")))
                .containsExactlyInAnyOrder(
                        "lead.created",
                        "message.received",
                        "message.sent",
                        "enrichment.completed",
                        "payment.succeeded");
        JsonNode message = entries.stream()
                .filter(e -> e.get("type").asString().equals("message.received"))
                .findFirst()
                .orElseThrow();
        assertThat(message.get("data").get("channel").asString()).isEqualTo("SMS");
        assertThat(message.get("data").get("body").asString()).hasSize(1_001).endsWith("…");
        assertThat(message.get("data").get("nested").get("price").asInt()).isEqualTo(12);
        assertThat(message.get("data").has("leadId")).isFalse();
        assertThat(message.get("data").has("nothing")).isFalse();
        assertThat(message.get("occurredAt").asString())
                .isEqualTo(received.occurredAt().toString());
    }

    @Test
    void theTimelineHasTheLeadsAccessAndItsCursorCannotBeEdited() {
        String id = TestTeam.lead(api(), team.rep1(), lead());
        api().postJson("/api/leads/" + id + "/status", team.rep1(), Map.of("status", "CONTACTED"));
        TestTeam other = TestTeam.create(jdbc);

        assertThat(api().get(path(id), team.rep2()).status()).isEqualTo(404);
        assertThat(api().get(path(id), other.admin()).status()).isEqualTo(404);
        assertThat(api().get(path(UUID.randomUUID().toString()), team.admin()).status())
                .isEqualTo(404);
        assertThat(api().get(path(id), team.admin()).status()).isEqualTo(200);
        String cursor = api().get(path(id) + "?limit=1", team.rep1())
                .json()
                .get("nextCursor")
                .asString();
        String tampered = cursor.substring(0, 3) + (cursor.charAt(3) == 'x' ? 'y' : 'x') + cursor.substring(4);

        assertInvalid(api().get(path(id) + "?cursor=" + enc(tampered), team.rep1()), "cursor");
        assertInvalid(api().get(path(id) + "?limit=0", team.rep1()), "limit");
        assertInvalid(api().get(path(id) + "?limit=201", team.rep1()), "limit");
        assertThat(api().get(path(id) + "?limit=1&cursor=" + enc(cursor), team.rep1())
                        .json()
                        .get("items")
                        .get(0)
                        .get("type")
                        .asString())
                .isEqualTo("lead.created");
    }

    private List<String> types(String leadId) {
        return pageThrough(leadId, team.admin(), 200).stream()
                .map(e -> e.get("type").asString())
                .toList();
    }

    private List<JsonNode> pageThrough(String leadId, String token, int limit) {
        List<JsonNode> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page = api().get(
                            path(leadId) + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor)), token);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(limit);
            page.json().get("items").valueStream().forEach(seen::add);
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            assertThat(++pages).isLessThan(20);
        } while (cursor != null);
        return seen;
    }

    private static EventEnvelope envelope(String type, UUID orgId, UUID leadId, Map<String, Object> data) {
        return ExternalEvents.envelope(type, orgId, leadId, data);
    }

    private static void send(String topic, EventEnvelope envelope) {
        events.send(topic, envelope);
    }

    private static void assertInvalid(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .contains(field);
    }

    private static String path(String leadId) {
        return "/api/leads/" + leadId + "/timeline";
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> lead() {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Ada");
        body.put("email", "t-" + UUID.randomUUID() + "@example.test");
        return body;
    }
}
