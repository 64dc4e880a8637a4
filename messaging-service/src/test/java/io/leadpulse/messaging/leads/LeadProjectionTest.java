package io.leadpulse.messaging.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeadProjectionTest extends MessagingServiceTestSupport {

    private final UUID org = UUID.randomUUID();

    @Test
    void keepsContactFieldsAssigneeAndStatusAndIgnoresARedeliveredEvent() {
        UUID rep = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String phone = phone();
        UUID lead = UUID.randomUUID();
        EventEnvelope created = publish(new LeadEvent.LeadCreated(
                org,
                lead,
                "Ada",
                "Lovelace",
                "ada@example.test",
                phone,
                "Engines",
                "NEW",
                rep,
                List.of(),
                "test",
                rep,
                Instant.now()));
        publish(new LeadEvent.LeadUpdated(
                org,
                lead,
                "Augusta",
                "King",
                "augusta@example.test",
                phone,
                "Engines Ltd",
                List.of(),
                List.of("firstName", "lastName", "email", "company"),
                rep,
                Instant.now()));
        publish(new LeadEvent.LeadAssigned(org, lead, rep, other, rep, Instant.now()));
        publish(new LeadEvent.LeadStatusChanged(org, lead, "NEW", "CONTACTED", other, other, null, Instant.now()));
        // The outbox relay may deliver the creation again: it must not undo what followed.
        send(created);
        EventEnvelope marker = publish(new LeadEvent.LeadStatusChanged(
                org, lead, "CONTACTED", "REPLIED", other, null, "reply", Instant.now()));

        await().ignoreExceptions().until(() -> "REPLIED".equals(row(lead).get("status")));
        Map<String, Object> row = row(lead);
        assertThat(row)
                .containsEntry("first_name", "Augusta")
                .containsEntry("last_name", "King")
                .containsEntry("email", "augusta@example.test")
                .containsEntry("phone", phone)
                .containsEntry("company", "Engines Ltd")
                .containsEntry("assignee_id", other)
                .containsEntry("org_id", org);
        assertThat(jdbc.sql("select count(*) from processed_event where event_id = ?")
                        .param(created.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(marker.id()).isNotNull();
    }

    @Test
    void forgetsADeletedLeadAndWhatWasStillQueuedForIt() {
        UUID rep = UUID.randomUUID();
        UUID lead = createLead(org, rep, phone());
        jdbc.sql("""
                        insert into message (id, org_id, lead_id, channel, direction, from_address, to_address, body,
                                             status, created_at, send_after, status_at)
                        values (?, ?, ?, 'SMS', 'OUTBOUND', '+15005550006', '+15550000000', 'later', 'queued',
                                now(), now() + interval '1 day', now())
                        """).params(UUID.randomUUID(), org, lead).update();

        publish(new LeadEvent.LeadDeleted(org, lead, rep, Instant.now()));

        await().until(() -> jdbc.sql("select count(*) from lead_contact where lead_id = ?")
                        .param(lead)
                        .query(Long.class)
                        .single()
                == 0);
        assertThat(jdbc.sql("select count(*) from message where lead_id = ?")
                        .param(lead)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(api().get("/api/messages?leadId=" + lead, token(rep, org, "ADMIN"))
                        .status())
                .isEqualTo(404);
    }

    private Map<String, Object> row(UUID lead) {
        return jdbc.sql("select * from lead_contact where lead_id = ?")
                .param(lead)
                .query()
                .singleRow();
    }
}
