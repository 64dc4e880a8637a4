package io.leadpulse.lead.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.ExternalEvents;
import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages and payments reported by other services move a lead along the pipeline, forward only, once. */
class LeadPipelineTest extends LeadServiceTestSupport {

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
    void aSentMessageThenAReplyThenAPaymentTakeANewLeadToPaidThroughEveryStage() {
        String id = TestTeam.lead(api(), team.admin(), lead("Pia", team.rep1Id()));

        report(Topics.MESSAGING_EVENTS, "message.sent", team.orgId(), id);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("CONTACTED"));

        EventEnvelope reply = report(Topics.MESSAGING_EVENTS, "message.inbound", team.orgId(), id);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("REPLIED"));

        events.send(Topics.MESSAGING_EVENTS, reply); // redelivered
        report(Topics.BILLING_EVENTS, "payment.succeeded", team.orgId(), id);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("PAID"));

        assertThat(moves(id)).containsExactly("NEW>CONTACTED", "CONTACTED>REPLIED", "REPLIED>WON", "WON>PAID");
    }

    @Test
    void aHotLeadThatRepliesStaysHotAndAnotherOrganisationsEventMovesNothing() {
        String hot = TestTeam.lead(api(), team.admin(), lead("Hal", team.rep1Id()));
        api().postJson("/api/leads/" + hot + "/status", team.rep1(), Map.of("status", "HOT"));
        String untouched = TestTeam.lead(api(), team.admin(), lead("Uma", null));
        TestTeam other = TestTeam.create(jdbc);

        String sentinel = TestTeam.lead(api(), team.admin(), lead("Sam", null));
        // All keyed by the sentinel lead, so all on its partition: once the sentinel has moved,
        // the events before it were handled.
        report(Topics.MESSAGING_EVENTS, "message.inbound", team.orgId(), hot, sentinel);
        report(Topics.MESSAGING_EVENTS, "message.sent", team.orgId(), hot, sentinel);
        report(Topics.MESSAGING_EVENTS, "message.inbound", other.orgId(), untouched, sentinel);
        report(Topics.MESSAGING_EVENTS, "message.status_changed", team.orgId(), untouched, sentinel);
        report(Topics.MESSAGING_EVENTS, "message.sent", team.orgId(), sentinel, sentinel);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(sentinel).equals("CONTACTED"));

        assertThat(status(hot)).isEqualTo("HOT");
        assertThat(moves(hot)).containsExactly("NEW>HOT");
        assertThat(status(untouched)).isEqualTo("NEW");
        assertThat(moves(untouched)).isEmpty();
    }

    private EventEnvelope report(String topic, String type, UUID orgId, String leadId) {
        return report(topic, type, orgId, leadId, leadId);
    }

    private EventEnvelope report(String topic, String type, UUID orgId, String leadId, String key) {
        EventEnvelope envelope =
                ExternalEvents.envelope(type, orgId, UUID.fromString(key), Map.of("leadId", leadId, "channel", "SMS"));
        events.send(topic, envelope);
        return envelope;
    }

    private static Map<String, Object> lead(String name, UUID assignee) {
        Map<String, Object> lead = new java.util.HashMap<>();
        lead.put("firstName", name);
        lead.put("email", name.toLowerCase() + "." + UUID.randomUUID() + "@example.com");
        if (assignee != null) {
            lead.put("assigneeId", assignee);
        }
        return lead;
    }

    private String status(String leadId) {
        return api().get("/api/leads/" + leadId, team.admin())
                .json()
                .get("status")
                .asString();
    }

    private List<String> moves(String leadId) {
        return jdbc.sql("""
                        select data ->> 'from' || '>' || (data ->> 'to') from lead_activity
                        where lead_id = :lead and type = 'lead.status_changed' order by occurred_at, id""")
                .param("lead", UUID.fromString(leadId))
                .query(String.class)
                .list();
    }
}
