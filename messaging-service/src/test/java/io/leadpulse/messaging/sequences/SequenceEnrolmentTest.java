package io.leadpulse.messaging.sequences;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.events.EnrichmentEvent;
import io.leadpulse.platform.events.EventEnvelope;
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

/** Enrolment by rule (on import, on update) and the AI first line in sequence templates. */
class SequenceEnrolmentTest extends MessagingServiceTestSupport {

    private final UUID org = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Test
    void enrolsLeadsAnImportCreatesWhenTheRuleMatchesOnceEvenWhenRedelivered() {
        String sequence = create(
                // "on" as one name, as the brief's example writes it
                Map.of("on", "lead.created", "source", "import", "tags", List.of("Webinar")),
                step("Hi {{firstName}}, thanks for joining", 0));

        String importedPhone = phone();
        EventEnvelope imported = publish(lead(UUID.randomUUID(), importedPhone, "import", List.of("webinar", "q4")));
        UUID otherSource = publishLead(phone(), "api", List.of("webinar"));
        UUID untagged = publishLead(phone(), "import", List.of());
        UUID importedLead = UUID.fromString(imported.subject());

        await().until(() -> sentTo(importedPhone, "Hi Ada, thanks for joining"));
        // Redelivery of the creation, and an update of the enrolled lead, enrol nobody again.
        send(imported);
        publish(new LeadEvent.LeadUpdated(
                org,
                importedLead,
                "Ada",
                "Lovelace",
                null,
                importedPhone,
                "Analytical Engines",
                List.of("webinar", "q4"),
                List.of("company"),
                admin,
                clock.instant()));
        awaitProjected(otherSource);
        awaitProjected(untagged);
        UUID marker = publishLead(phone(), "import", List.of("webinar"));
        await().until(() -> enrolments(sequence).size() == 2);

        List<JsonNode> items = enrolments(sequence);
        assertThat(items)
                .extracting(e -> e.get("leadId").asString())
                .containsExactlyInAnyOrder(importedLead.toString(), marker.toString());
        assertThat(items).allSatisfy(e -> {
            assertThat(e.get("via").asString()).isEqualTo("RULE");
        });
        assertThat(TWILIO.findAll(
                        postRequestedFor(urlPathEqualTo(MESSAGES_PATH)).withFormParam("To", equalTo(importedPhone))))
                .hasSize(1);
    }

    @Test
    void aRepSeesOnlyTheEnrolmentsOfItsOwnLeads() {
        UUID otherRep = UUID.randomUUID();
        UUID mine = publishLead(phone(), "api", List.of());
        UUID theirs = UUID.randomUUID();
        publish(new LeadEvent.LeadCreated(
                org,
                theirs,
                "Bo",
                "Other",
                null,
                phone(),
                null,
                "NEW",
                otherRep,
                List.of(),
                "api",
                admin,
                clock.instant()));
        awaitProjected(mine);
        awaitProjected(theirs);
        String sequence = create(null, step("Later, {{firstName}}", 600));
        enrol(sequence, mine);
        enrol(sequence, theirs);

        assertThat(enrolments(sequence)).hasSize(2);
        assertThat(enrolments(sequence, token(rep, org, "REP")))
                .extracting(e -> e.get("leadId").asString())
                .containsExactly(mine.toString());
        assertThat(enrolments(sequence, token(otherRep, org, "REP")))
                .extracting(e -> e.get("leadId").asString())
                .containsExactly(theirs.toString());
    }

    @Test
    void enrolsALeadWhenAnUpdateMakesItMatchTheRule() {
        String sequence =
                create(Map.of("on", List.of("lead.updated"), "tags", List.of("demo-booked")), step("See you soon", 0));
        String phone = phone();
        UUID lead = publishLead(phone, "api", List.of());
        awaitProjected(lead);

        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS)) {
            publish(new LeadEvent.LeadUpdated(
                    org,
                    lead,
                    "Ada",
                    "Lovelace",
                    null,
                    phone,
                    "Analytical Engines",
                    List.of("demo-booked"),
                    List.of("tags"),
                    admin,
                    clock.instant()));
            await().until(() -> sentTo(phone, "See you soon"));
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> lead.toString().equals(r.key())
                            && r.value().contains("sequence.enrolled")
                            && r.value().contains("\"RULE\""));
        }
        assertThat(enrolments(sequence)).hasSize(1);
    }

    @Test
    void refusesARuleThatCouldNeverEnrolAnyone() {
        ApiClient.Response unknownTrigger = api().postJson(
                        "/api/sequences",
                        token(admin, org, "ADMIN"),
                        Map.of(
                                "name",
                                "x",
                                "enrolRule",
                                Map.of("on", List.of("lead.deleted")),
                                "steps",
                                List.of(step("Hi", 0))));
        assertThat(unknownTrigger.status()).isEqualTo(400);
        assertThat(unknownTrigger.json().get("errors").get(0).get("field").asString())
                .isEqualTo("enrolRule.on");

        ApiClient.Response closedStatus = api().postJson(
                        "/api/sequences",
                        token(admin, org, "ADMIN"),
                        Map.of(
                                "name",
                                "x",
                                "enrolRule",
                                Map.of("on", List.of("lead.status_changed"), "status", "WON"),
                                "steps",
                                List.of(step("Hi", 0))));
        assertThat(closedStatus.status()).isEqualTo(400);
        assertThat(closedStatus.json().get("errors").get(0).get("field").asString())
                .isEqualTo("enrolRule.status");
    }

    @Test
    void aStepWaitsForTheLeadsFirstLineAndGoesOutWithItWhenItArrives() {
        String phone = phone();
        UUID lead = publishLead(phone, "api", List.of());
        awaitProjected(lead);
        String sequence = create(null, step("Hi {{firstName}}, {{firstLine}}", 0));
        enrol(sequence, lead);

        await().until(() -> enrolments(sequence).getFirst().get("dueAt").asString() != null
                && Instant.parse(enrolments(sequence).getFirst().get("dueAt").asString())
                        .isAfter(clock.instant().plus(Duration.ofMinutes(5))));
        assertThat(TWILIO.findAll(
                        postRequestedFor(urlPathEqualTo(MESSAGES_PATH)).withFormParam("To", equalTo(phone))))
                .isEmpty();

        Instant at = clock.instant();
        EventEnvelope personalized = codec.wrap(
                new EnrichmentEvent.LeadPersonalized(org, lead, "loved your talk on engines.", "template", at), null);
        send(Topics.ENRICHMENT_EVENTS, personalized);
        await().until(() -> sentTo(phone, "Hi Ada, loved your talk on engines."));
        // An older line arriving late, and the same event again, change nothing.
        send(
                Topics.ENRICHMENT_EVENTS,
                codec.wrap(
                        new EnrichmentEvent.LeadPersonalized(org, lead, "stale line.", "template", at.minusSeconds(60)),
                        null));
        send(Topics.ENRICHMENT_EVENTS, personalized);
        await().until(() -> firstLine(lead) != null);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> "loved your talk on engines.".equals(firstLine(lead)));
    }

    @Test
    void aStepThatWaitedLongEnoughForAFirstLineGoesOutWithTheFallback() {
        String phone = phone();
        UUID lead = publishLead(phone, "api", List.of());
        awaitProjected(lead);
        String sequence = create(null, step("Hi {{firstName}}, {{firstLine}}", 0));
        enrol(sequence, lead);
        await().until(() -> Instant.parse(
                        enrolments(sequence).getFirst().get("dueAt").asString())
                .isAfter(clock.instant().plus(Duration.ofMinutes(5))));

        clock.advance(Duration.ofMinutes(11));
        await().until(() -> sentTo(phone, "Hi Ada, I hope this finds you well."));
    }

    @Test
    void aStepThatRendersEmptyForTheLeadEndsTheEnrolmentSayingSo() {
        UUID lead = UUID.randomUUID();
        publish(new LeadEvent.LeadCreated(
                org, lead, null, null, null, phone(), null, "NEW", rep, List.of(), "api", admin, clock.instant()));
        awaitProjected(lead);
        String sequence = create(null, step("{{company}}", 0));
        enrol(sequence, lead);
        await().until(() ->
                "STOPPED".equals(enrolments(sequence).getFirst().get("status").asString()));
        assertThat(enrolments(sequence).getFirst().get("reason").asString()).isEqualTo("EMPTY_MESSAGE");
    }

    @Test
    void quietHoursUseTheTimezoneEnrichmentFoundRatherThanTheNumbers() {
        // A New York number whose lead enrichment places in Tokyo; the window opens in two hours in Tokyo.
        String phone = "+1212736" + String.format("%04d", (int) (Math.random() * 10_000));
        UUID lead = publishLead(phone, "api", List.of());
        awaitProjected(lead);
        java.time.ZoneId tokyo = java.time.ZoneId.of("Asia/Tokyo");
        Instant enrichedAt = clock.instant();
        send(
                Topics.ENRICHMENT_EVENTS,
                codec.wrap(
                        new EnrichmentEvent.LeadEnriched(
                                org, lead, 35.68, 139.69, "Asia/Tokyo", "Tokyo", null, "JP", "offline", enrichedAt),
                        null));
        // An older enrichment arriving afterwards does not win.
        send(
                Topics.ENRICHMENT_EVENTS,
                codec.wrap(
                        new EnrichmentEvent.LeadEnriched(
                                org,
                                lead,
                                null,
                                null,
                                "America/New_York",
                                null,
                                null,
                                "US",
                                "offline",
                                enrichedAt.minusSeconds(3600)),
                        null));
        await().until(() -> "Asia/Tokyo".equals(timezone(lead)));

        java.time.LocalTime start = clock.instant()
                .atZone(tokyo)
                .toLocalTime()
                .plusHours(2)
                .truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        ApiClient.Response saved = putJson(
                "/api/messages/settings",
                token(admin, org, "ADMIN"),
                Map.of(
                        "helpReply",
                        "help",
                        "quietStart",
                        start.toString(),
                        "quietEnd",
                        start.plusHours(1).toString(),
                        "timezone",
                        "UTC"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(3))
                .until(() -> "Asia/Tokyo".equals(timezone(lead)));

        ApiClient.Response queued = api().postJson(
                        "/api/messages",
                        token(admin, org, "ADMIN"),
                        Map.of("leadId", lead, "channel", "SMS", "body", "Konnichiwa"));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        Instant sendAfter = Instant.parse(queued.json().get("sendAfter").asString());
        assertThat(sendAfter.atZone(tokyo).toLocalTime()).isEqualTo(start);
    }

    private String timezone(UUID lead) {
        return jdbc.sql("select timezone from lead_enrichment where lead_id = ?")
                .param(lead)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private String firstLine(UUID lead) {
        return jdbc.sql("select first_line from lead_enrichment where lead_id = ?")
                .param(lead)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private LeadEvent.LeadCreated lead(UUID id, String phone, String source, List<String> tags) {
        return new LeadEvent.LeadCreated(
                org,
                id,
                "Ada",
                "Lovelace",
                null,
                phone,
                "Analytical Engines",
                "NEW",
                rep,
                tags,
                source,
                admin,
                clock.instant());
    }

    private UUID publishLead(String phone, String source, List<String> tags) {
        UUID id = UUID.randomUUID();
        publish(lead(id, phone, source, tags));
        return id;
    }

    private void awaitProjected(UUID lead) {
        await().until(() -> jdbc.sql("select count(*) from lead_contact where lead_id = ?")
                        .param(lead)
                        .query(Long.class)
                        .single()
                == 1);
    }

    private String create(Map<String, Object> rule, Map<String, Object>... steps) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Rule " + UUID.randomUUID());
        body.put("steps", List.of(steps));
        if (rule != null) {
            body.put("enrolRule", rule);
        }
        ApiClient.Response created = api().postJson("/api/sequences", token(admin, org, "ADMIN"), body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private void enrol(String sequence, UUID lead) {
        ApiClient.Response enrolled = api().postJson(
                        "/api/sequences/" + sequence + "/enrolments",
                        token(admin, org, "ADMIN"),
                        Map.of("leadId", lead));
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
    }

    private List<JsonNode> enrolments(String sequence) {
        return enrolments(sequence, token(admin, org, "ADMIN"));
    }

    private List<JsonNode> enrolments(String sequence, String token) {
        return api().get("/api/sequences/" + sequence + "/enrolments", token)
                .json()
                .get("items")
                .valueStream()
                .toList();
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
