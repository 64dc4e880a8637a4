package io.leadpulse.billing.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.platform.events.LeadEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeadProjectionTest extends BillingServiceTestSupport {

    @Test
    void followsTheLeadsOwnerAndStatusAndIgnoresARedeliveredOlderAssignment() {
        UUID org = UUID.randomUUID();
        UUID rep1 = UUID.randomUUID();
        UUID rep2 = UUID.randomUUID();
        UUID lead = createLead(org, null);
        String toRep1 = envelope(new LeadEvent.LeadAssigned(org, lead, null, rep1, null, Instant.now()));
        String toRep2 = envelope(new LeadEvent.LeadAssigned(org, lead, rep1, rep2, null, Instant.now()));
        String won =
                envelope(new LeadEvent.LeadStatusChanged(org, lead, "HOT", "WON", rep2, rep2, null, Instant.now()));
        String marker = envelope(new LeadEvent.LeadUpdated(
                org, lead, "Lena", "Lead", null, null, "Lead Co", List.of(), List.of("company"), null, Instant.now()));

        publish(lead.toString(), toRep1);
        publish(lead.toString(), toRep2);
        publish(lead.toString(), won);
        publish(lead.toString(), toRep1); // an old event delivered again: applied once already
        publish(lead.toString(), marker); // same key, same partition: consumed after the redelivery

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from processed_event where event_id::text = ?")
                                .param(envelopeId(marker))
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(row(lead))
                .containsEntry("org_id", org)
                .containsEntry("status", "WON")
                .containsEntry("assignee_id", rep2)
                .containsEntry("deleted", false);
        assertThat(jdbc.sql("select count(*) from known_org where org_id = ?")
                        .param(org)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private static String envelopeId(String envelopeJson) {
        int at = envelopeJson.indexOf("\"id\":\"") + 6;
        return envelopeJson.substring(at, at + 36);
    }

    @Test
    void aDeletedLeadIsKeptAsDeleted() {
        UUID org = UUID.randomUUID();
        UUID lead = createLead(org, UUID.randomUUID());

        publish(new LeadEvent.LeadDeleted(org, lead, null, Instant.now()));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(row(lead).get("deleted")));
    }

    private Map<String, Object> row(UUID lead) {
        return jdbc.sql("select org_id, assignee_id, status, deleted from lead_owner where lead_id = ?")
                .param(lead)
                .query()
                .singleRow();
    }
}
