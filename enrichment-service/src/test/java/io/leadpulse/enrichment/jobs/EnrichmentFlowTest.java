package io.leadpulse.enrichment.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.enrichment.EnrichmentServiceTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage.Channels;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EnrichmentFlowTest extends EnrichmentServiceTestSupport {

    private final UUID orgId = UUID.randomUUID();
    private final UUID adminId = UUID.randomUUID();
    private final UUID repId = UUID.randomUUID();

    @Test
    void enrichesANewLeadOnceFromTheGeoAndChatProvidersAndTellsItsAudience() {
        admin(orgId, adminId);
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Flow Analytical Engines"))
                .withQueryParam("api_key", equalTo(GEO_KEY))
                .withQueryParam("engine", equalTo("google_maps"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(serpAnswer(41.8781, -87.6298, "233 S Wacker Dr, Chicago, IL 60606"))));
        AI.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("Flow Analytical Engines"))
                .withHeader("Authorization", equalTo("Bearer " + AI_KEY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(chatAnswer("\\\"Your engines in Chicago caught my eye, Ada.\\\""))));

        try (TopicProbe probe = TopicProbe.subscribe(Topics.ENRICHMENT_EVENTS)) {
            LeadEvent.LeadCreated created = lead(orgId, repId, "+13125550142", "Flow Analytical Engines");
            EventEnvelope envelope = publish(created);
            UUID leadId = created.leadId();

            JsonNode enriched = codec.readEnvelope(probe.await(
                                    Topics.ENRICHMENT_EVENTS,
                                    r -> r.key().equals(leadId.toString())
                                            && r.value().contains("lead.enriched"))
                            .value())
                    .data();
            assertThat(enriched.get("latitude").asDouble()).isEqualTo(41.8781);
            assertThat(enriched.get("longitude").asDouble()).isEqualTo(-87.6298);
            assertThat(enriched.get("city").asString()).isEqualTo("Chicago");
            assertThat(enriched.get("region").asString()).isEqualTo("IL");
            assertThat(enriched.get("country").asString()).isEqualTo("US");
            assertThat(enriched.get("timezone").asString()).isEqualTo("America/Chicago");
            assertThat(enriched.get("source").asString()).isEqualTo("serpapi");

            JsonNode personalized = codec.readEnvelope(probe.await(
                                    Topics.ENRICHMENT_EVENTS,
                                    r -> r.key().equals(leadId.toString())
                                            && r.value().contains("lead.personalized"))
                            .value())
                    .data();
            assertThat(personalized.get("firstLine").asString())
                    .isEqualTo("Your engines in Chicago caught my eye, Ada.");
            assertThat(personalized.get("source").asString()).isEqualTo("openai");

            await().until(() -> "DONE".equals(jobStatus(leadId)));
            // The prompt carried the city geo found, and nothing but first name, company and city.
            AI.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing("City: Chicago"))
                    .withRequestBody(containing("\"model\":\"test-model\"")));
            AI.verify(
                    0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing("ada@")));

            // Live on the lead card: the lead's channel, its assignee's and the admin's, never the org's.
            String realtime =
                    jdbc.sql("""
                            select payload::text from outbox where aggregatetype = 'realtime.messages'
                            and payload ->> 'event' = 'lead.enriched' and payload -> 'data' ->> 'leadId' = ?
                            """).param(leadId.toString()).query(String.class).single();
            assertThat(realtime)
                    .contains(Channels.lead(leadId), Channels.user(repId), Channels.user(adminId))
                    .doesNotContain(Channels.org(orgId));
            assertThat(realtimeWritten("lead.personalized", leadId)).isEqualTo(1);

            // A redelivered lead.created changes nothing: no second job, no second event.
            send(envelope);
            publish(new LeadEvent.LeadAssigned(orgId, leadId, repId, repId, adminId, Instant.now()));
            await().until(() -> jdbc.sql("select count(*) from processed_event where event_id = ?")
                            .param(envelope.id())
                            .query(Long.class)
                            .single()
                    == 1);
            await().until(() -> jdbc.sql("select count(*) from processed_event where event_type = 'lead.assigned'")
                            .query(Long.class)
                            .single()
                    >= 1);
            assertThat(written("lead.enriched", leadId)).isEqualTo(1);
            assertThat(written("lead.personalized", leadId)).isEqualTo(1);
            GEO.verify(
                    1,
                    getRequestedFor(urlPathEqualTo("/search.json")).withQueryParam("q", containing("Flow Analytical")));
        }
    }

    @Test
    void aChangedPhoneEnrichesAgainAndAChangedNoteDoesNot() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Moving Widgets"))
                .willReturn(aResponse().withBody(serpAnswer(40.7128, -74.006, "1 Main St, New York, NY 10001"))));
        LeadEvent.LeadCreated created = lead(orgId, repId, "+13125550143", "Moving Widgets");
        publish(created);
        UUID leadId = created.leadId();
        await().until(() -> "DONE".equals(jobStatus(leadId)));

        publish(new LeadEvent.LeadUpdated(
                orgId,
                leadId,
                "Ada",
                "Lovelace",
                "ada@example.test",
                "+13125550143",
                "Moving Widgets",
                List.of(),
                List.of("notes"),
                repId,
                Instant.now()));
        publish(new LeadEvent.LeadUpdated(
                orgId,
                leadId,
                "Ada",
                "Lovelace",
                "ada@example.test",
                "+12125550143",
                "Moving Widgets",
                List.of(),
                List.of("phone"),
                repId,
                Instant.now()));

        await().until(() -> written("lead.enriched", leadId) == 2);
        await().until(() -> "DONE".equals(jobStatus(leadId)));
        assertThat(job(leadId).get("generation")).isEqualTo(2);
        assertThat(job(leadId).get("timezone")).isEqualTo("America/New_York");
        // The first line depends on name and company only: not written again for a new phone.
        assertThat(written("lead.personalized", leadId)).isEqualTo(1);
    }

    @Test
    void aDeletedLeadIsNotEnriched() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Gone Before"))
                .willReturn(aResponse().withStatus(503)));
        LeadEvent.LeadCreated created = lead(orgId, repId, "+13125550144", "Gone Before");
        publish(created);
        UUID leadId = created.leadId();
        await().until(() -> jobNumber(leadId, "attempts") >= 1);

        publish(new LeadEvent.LeadDeleted(orgId, leadId, adminId, Instant.now()));

        await().until(() -> "CANCELLED".equals(jobStatus(leadId)));
        assertThat(written("lead.enriched", leadId)).isZero();
    }

    @Test
    void aMalformedEventGoesToTheDeadLetterTopic() {
        String key = UUID.randomUUID().toString();
        try (TopicProbe probe = TopicProbe.subscribe(Topics.deadLetterOf(Topics.LEAD_EVENTS))) {
            sendRaw(key, "{not json at all");
            assertThat(probe.awaitKey(Topics.deadLetterOf(Topics.LEAD_EVENTS), key)
                            .value())
                    .isEqualTo("{not json at all");
        }
    }
}
