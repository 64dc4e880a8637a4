package io.leadpulse.lead.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.ExternalEvents;
import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.EnrichmentEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** enrichment-service's findings stored on the lead and shown by GET /api/leads/{id}. */
class LeadEnrichmentTest extends LeadServiceTestSupport {

    private static final EventCodec CODEC = new EventCodec();
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
    void theLeadShowsItsEnrichmentOnceAppliedAndAnOlderFindingNeverReplacesANewerOne() {
        String id = TestTeam.lead(
                api(), team.rep1(), Map.of("firstName", "Ada", "email", "e-" + UUID.randomUUID() + "@example.test"));
        UUID leadId = UUID.fromString(id);
        assertThat(api().get("/api/leads/" + id, team.rep1())
                        .json()
                        .get("enrichment")
                        .isNull())
                .isTrue();
        long version =
                api().get("/api/leads/" + id, team.rep1()).json().get("version").asLong();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        EventEnvelope newer = send(new EnrichmentEvent.LeadEnriched(
                team.orgId(), leadId, 41.8781, -87.6298, "America/Chicago", "Chicago", "IL", "US", "serpapi", now));
        send(new EnrichmentEvent.LeadPersonalized(
                team.orgId(), leadId, "Your Chicago engines caught my eye.", "openai", now));
        // Late and older: ignored. The redelivered newer one changes nothing either.
        send(new EnrichmentEvent.LeadEnriched(
                team.orgId(), leadId, 1.0, 1.0, "UTC", "Nowhere", null, "GB", "offline", now.minusSeconds(60)));
        events.send(Topics.ENRICHMENT_EVENTS, newer);
        EventEnvelope sentinel = send(new EnrichmentEvent.LeadPersonalized(
                team.orgId(), leadId, "Your Chicago engines caught my eye.", "openai", now));

        await().until(() -> processed(sentinel.id()));
        JsonNode lead = api().get("/api/leads/" + id, team.rep1()).json();
        JsonNode enrichment = lead.get("enrichment");
        assertThat(enrichment.get("latitude").asDouble()).isEqualTo(41.8781);
        assertThat(enrichment.get("longitude").asDouble()).isEqualTo(-87.6298);
        assertThat(enrichment.get("timezone").asString()).isEqualTo("America/Chicago");
        assertThat(enrichment.get("city").asString()).isEqualTo("Chicago");
        assertThat(enrichment.get("region").asString()).isEqualTo("IL");
        assertThat(enrichment.get("country").asString()).isEqualTo("US");
        assertThat(enrichment.get("source").asString()).isEqualTo("serpapi");
        assertThat(Instant.parse(enrichment.get("enrichedAt").asString())).isEqualTo(now);
        assertThat(enrichment.get("firstLine").asString()).isEqualTo("Your Chicago engines caught my eye.");
        assertThat(enrichment.get("firstLineSource").asString()).isEqualTo("openai");
        // Enrichment is not a user's edit: the version clients send back is unchanged.
        assertThat(lead.get("version").asLong()).isEqualTo(version);
        assertThat(jdbc.sql("select count(*) from processed_event where consumer = 'lead.enrichment' and event_id = ?")
                        .param(newer.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anotherOrganisationsFindingDoesNotTouchTheLead() {
        String id = TestTeam.lead(
                api(), team.rep1(), Map.of("firstName", "Ada", "email", "f-" + UUID.randomUUID() + "@example.test"));
        UUID leadId = UUID.fromString(id);

        EventEnvelope foreign = send(new EnrichmentEvent.LeadEnriched(
                UUID.randomUUID(), leadId, 1.0, 2.0, "UTC", "Spy", null, "GB", "serpapi", Instant.now()));

        await().until(() -> processed(foreign.id()));
        assertThat(api().get("/api/leads/" + id, team.admin())
                        .json()
                        .get("enrichment")
                        .isNull())
                .isTrue();
    }

    private EventEnvelope send(EnrichmentEvent event) {
        EventEnvelope envelope = CODEC.wrap(event, null);
        events.send(Topics.ENRICHMENT_EVENTS, envelope);
        return envelope;
    }

    private boolean processed(UUID eventId) {
        return jdbc.sql("select count(*) from processed_event where consumer = 'lead.enrichment' and event_id = ?")
                        .param(eventId)
                        .query(Long.class)
                        .single()
                == 1;
    }
}
