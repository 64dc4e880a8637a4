package io.leadpulse.notification.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.LeadImportEvent;
import io.leadpulse.platform.events.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each rule of issue 7 against the real service: events on Kafka in, notifications for exactly
 * the right people out. A marker event sent last to the same people proves that nothing else
 * arrived (all per-key streams of one consumer are drained in order by then is not guaranteed, so
 * every negative check waits for a later positive one on the same partition key).
 */
class RulesFromEventsTest extends NotificationTestSupport {

    @Test
    void aHotLeadTellsItsAssigneeAndAnUnassignedOneTellsTheOrgsActiveAdmins() {
        UUID org = UUID.randomUUID();
        UUID admin = user(org, "ADMIN", true);
        UUID retiredAdmin = user(org, "ADMIN", false);
        UUID rep = user(org, "REP", true);
        UUID otherOrgAdmin = user(UUID.randomUUID(), "ADMIN", true);

        send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, 5, 10, Instant.now()));
        send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), null, 6, 10, Instant.now()));

        await().until(() -> types(rep, org).size() == 1 && types(admin, org).size() == 1);
        assertThat(items(rep, org).get(0).get("title").asString()).isEqualTo("A lead is hot: 5 views in 10 minutes");
        assertThat(items(admin, org).get(0).get("title").asString()).isEqualTo("A lead is hot: 6 views in 10 minutes");
        assertThat(count(retiredAdmin)).isZero();
        assertThat(count(otherOrgAdmin)).isZero();
    }

    @Test
    void anInboundMessageTellsTheAssigneeOrTheAdminsWhenNobodyHasTheLead() {
        UUID org = UUID.randomUUID();
        UUID admin = user(org, "ADMIN", true);
        UUID rep = user(org, "REP", true);
        UUID assignedLead = UUID.randomUUID();

        send(Topics.MESSAGING_EVENTS, inbound(org, assignedLead, rep, "Yes, call me tomorrow"));
        send(Topics.MESSAGING_EVENTS, inbound(org, UUID.randomUUID(), null, "Who is this?"));

        await().until(() -> types(rep, org).equals(List.of("message.inbound"))
                && types(admin, org).equals(List.of("message.inbound")));
        assertThat(items(rep, org).get(0).get("body").asString()).isEqualTo("Yes, call me tomorrow");
        assertThat(items(rep, org).get(0).get("title").asString()).isEqualTo("New sms message from a lead");
        assertThat(items(admin, org).get(0).get("body").asString()).isEqualTo("Who is this?");
    }

    @Test
    void aPaymentTellsTheAdminsAndTheRepWhoOwnsTheLeadNowAndAFailedOneOnlyTheAdmins() {
        UUID org = UUID.randomUUID();
        UUID admin = user(org, "ADMIN", true);
        UUID firstRep = user(org, "REP", true);
        UUID owner = user(org, "REP", true);
        UUID lead = lead(org, firstRep, admin);
        send(new LeadEvent.LeadAssigned(org, lead, firstRep, owner, admin, Instant.now()));
        await().until(() -> types(owner, org).contains("lead.assigned"));

        send(Topics.BILLING_EVENTS, payment("payment.succeeded", org, lead, 12_345, "eur", null));
        send(Topics.BILLING_EVENTS, payment("payment.failed", org, lead, 500, "usd", "card_declined"));

        // two payments on different keys (partitions): either may be applied first
        await().until(() -> types(admin, org).size() == 2);
        assertThat(types(admin, org)).containsExactlyInAnyOrder("payment.failed", "payment.succeeded");
        await().until(() -> types(owner, org).contains("payment.succeeded"));
        assertThat(ofType(admin, org, "payment.succeeded").get("title").asString())
                .isEqualTo("Payment received: 123.45 EUR");
        assertThat(ofType(admin, org, "payment.failed").get("body").asString()).isEqualTo("card_declined");
        assertThat(types(owner, org)).containsExactly("payment.succeeded", "lead.assigned");
        assertThat(types(firstRep, org)).containsExactly("lead.assigned");
    }

    @Test
    void aPlatformConnectionWhoseAccessWasRevokedTellsTheAdminsAndWhoeverConnectedItOnce() {
        UUID org = UUID.randomUUID();
        UUID admin = user(org, "ADMIN", true);
        UUID connector = user(org, "ADMIN", true);
        UUID rep = user(org, "REP", true);
        UUID stranger = user(UUID.randomUUID(), "ADMIN", true);
        EventEnvelope revoked = codec.wrap(
                new IntegrationEvent.ConnectionNeedsReauth(
                        org, UUID.randomUUID(), "highlevel", connector, "invalid_grant", Instant.now()),
                null);

        send(Topics.INTEGRATION_EVENTS, revoked);
        send(Topics.INTEGRATION_EVENTS, revoked); // redelivered

        await().until(() -> types(admin, org).equals(List.of("integration.needs_reauth"))
                && types(connector, org).equals(List.of("integration.needs_reauth")));
        assertThat(items(connector, org).get(0).get("title").asString())
                .isEqualTo("Reconnect HighLevel: its access was revoked");
        assertThat(count(rep)).isZero();
        assertThat(count(stranger)).isZero();
        assertThat(jdbc.sql("select count(*) from notification where source_event_id = ?")
                        .param(revoked.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aWonDealTellsEveryActiveUserOfTheOrgAndNoOneElse() {
        UUID org = UUID.randomUUID();
        UUID admin = user(org, "ADMIN", true);
        UUID rep = user(org, "REP", true);
        UUID gone = user(org, "REP", false);
        UUID stranger = user(UUID.randomUUID(), "REP", true);

        EventEnvelope won = send(new LeadEvent.LeadStatusChanged(
                org, UUID.randomUUID(), "REPLIED", "WON", rep, rep, "signed", Instant.now()));
        send(new LeadEvent.LeadStatusChanged(
                org, UUID.randomUUID(), "NEW", "CONTACTED", rep, rep, null, Instant.now()));
        send(Topics.LEAD_EVENTS, won); // redelivered

        await().until(() ->
                types(admin, org).equals(List.of("deal.won")) && types(rep, org).equals(List.of("deal.won")));
        assertThat(count(gone)).isZero();
        assertThat(count(stranger)).isZero();
        assertThat(jdbc.sql("select count(*) from notification where source_event_id = ?")
                        .param(won.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aFinishedImportTellsWhoeverStartedIt() {
        UUID org = UUID.randomUUID();
        UUID starter = user(org, "REP", true);
        UUID admin = user(org, "ADMIN", true);

        send(new LeadImportEvent.ImportFinished(
                org, UUID.randomUUID(), starter, "leads.csv", "STOPPED_AT_QUOTA", 10, 7, 1, 1, 1, Instant.now()));

        await().until(() -> types(starter, org).equals(List.of("import.finished")));
        assertThat(items(starter, org).get(0).get("title").asString())
                .isEqualTo("Import of leads.csv stopped at quota");
        assertThat(items(starter, org).get(0).get("body").asString())
                .isEqualTo("7 created, 1 updated, 1 skipped, 1 failed");
        assertThat(count(admin)).isZero();
    }

    @Test
    void aUserKnownInAnotherOrgNeverGetsThisOrgsNotificationAndADeactivatedOneNoLonger() {
        UUID org = UUID.randomUUID();
        UUID outsider = user(UUID.randomUUID(), "REP", true);
        UUID rep = user(org, "REP", true);

        EventEnvelope toOutsider =
                send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), outsider, 5, 10, Instant.now()));
        send(new AccountEvent.UserUpdated(
                org,
                rep,
                "Rep",
                rep + "@example.test",
                "REP",
                false,
                List.of("active"),
                UUID.randomUUID(),
                Instant.now()));
        await().until(() -> jdbc.sql("select active from directory_user where user_id = ?")
                .param(rep)
                .query(Boolean.class)
                .single()
                .equals(false));
        EventEnvelope toDeactivated =
                send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, 5, 10, Instant.now()));

        awaitProcessed(toOutsider, toDeactivated);
        assertThat(count(outsider)).isZero();
        assertThat(count(rep)).isZero();
    }

    private JsonNode ofType(UUID user, UUID org, String type) {
        return items(user, org)
                .valueStream()
                .filter(n -> n.get("type").asString().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private long count(UUID user) {
        return jdbc.sql("select count(*) from notification where user_id = ?")
                .param(user)
                .query(Long.class)
                .single();
    }

    private EventEnvelope inbound(UUID org, UUID lead, UUID assignee, String body) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orgId", org.toString());
        data.put("leadId", lead.toString());
        data.put("messageId", UUID.randomUUID().toString());
        data.put("channel", "SMS");
        data.put("body", body);
        data.put("assigneeId", assignee == null ? null : assignee.toString());
        data.put("receivedAt", Instant.now().toString());
        return foreign("message.inbound", org, lead.toString(), data);
    }

    private EventEnvelope payment(String type, UUID org, UUID lead, long amount, String currency, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orgId", org.toString());
        data.put("leadId", lead.toString());
        data.put("entryId", UUID.randomUUID().toString());
        data.put("amount", amount);
        data.put("currency", currency);
        if (reason != null) {
            data.put("reason", reason);
        }
        return foreign(type, org, UUID.randomUUID().toString(), data);
    }
}
