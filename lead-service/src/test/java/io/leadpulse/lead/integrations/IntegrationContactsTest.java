package io.leadpulse.lead.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.ExternalEvents;
import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Contacts synced from an external platform become leads, once, in their own org only. */
class IntegrationContactsTest extends LeadServiceTestSupport {

    private final EventCodec codec = new EventCodec();
    private final ExternalEvents events = new ExternalEvents();
    private final UUID connectionId = UUID.randomUUID();

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void aContactBecomesALeadOnceAndADuplicateChangesNothing() {
        TestTeam team = TestTeam.create(jdbc);
        String email = "ada-" + UUID.randomUUID() + "@example.test";
        IntegrationEvent.ContactSynced contact = contact(
                team.orgId(), "ext-1", "Ada", email, "(312) 555-0100", "Acme", Instant.parse("2026-02-01T00:00:00Z"));
        send(contact);

        await().until(() -> leads(team.orgId(), email).size() == 1);
        Map<String, Object> lead = leads(team.orgId(), email).getFirst();
        assertThat(lead.get("source")).isEqualTo("integration:highlevel");
        assertThat(lead.get("first_name")).isEqualTo("Ada");
        assertThat(lead.get("company")).isEqualTo("Acme");
        assertThat(lead.get("phone")).isEqualTo("+13125550100");

        // The same version again, in a new envelope (a page fetched twice): applied once.
        send(contact);
        IntegrationEvent.ContactSynced marker = contact(
                team.orgId(),
                "ext-marker",
                "M",
                "m-" + UUID.randomUUID() + "@example.test",
                null,
                Instant.parse("2026-02-01T00:00:00Z"));
        send(marker);
        await().until(() -> leads(team.orgId(), marker.email()).size() == 1);
        assertThat(leads(team.orgId(), email)).hasSize(1);
        assertThat(leads(team.orgId(), email).getFirst().get("version")).isEqualTo(lead.get("version"));
        assertThat(jdbc.sql(
                                "select count(*) from processed_event where consumer = 'lead.integration-contacts' and event_id = ?")
                        .param(contact.syncId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aNewerContactUpdatesTheLeadButNeverARepsLaterEdit() {
        TestTeam team = TestTeam.create(jdbc);
        String email = "grace-" + UUID.randomUUID() + "@example.test";
        send(contact(team.orgId(), "ext-2", "Grace", email, "Old Co", Instant.parse("2026-02-01T00:00:00Z")));
        await().until(() -> leads(team.orgId(), email).size() == 1);

        // The platform's change is newer than the lead's last change: applied (matched by email).
        send(contact(
                team.orgId(),
                "ext-2",
                "Grace",
                email.toUpperCase(),
                "New Co",
                Instant.now().plusSeconds(60)));
        await().until(() ->
                "New Co".equals(leads(team.orgId(), email).getFirst().get("company")));

        // A contact version older than the lead's last change (a rep edited it since): ignored.
        send(contact(team.orgId(), "ext-2", "Grace", email, "Stale Co", Instant.parse("2026-02-02T00:00:00Z")));
        String marker = "mk-" + UUID.randomUUID() + "@example.test";
        send(contact(team.orgId(), "ext-m", "M", marker, null, Instant.now()));
        await().until(() -> leads(team.orgId(), marker).size() == 1);
        assertThat(leads(team.orgId(), email).getFirst().get("company")).isEqualTo("New Co");
    }

    @Test
    void anotherOrgsLeadWithTheSameEmailIsNeverTouched() {
        TestTeam mine = TestTeam.create(jdbc);
        TestTeam other = TestTeam.create(jdbc);
        String email = "shared-" + UUID.randomUUID() + "@example.test";
        TestTeam.lead(api(), other.admin(), Map.of("firstName", "Theirs", "email", email, "company", "Their Co"));
        Map<String, Object> before = leads(other.orgId(), email).getFirst();

        send(contact(
                mine.orgId(), "ext-3", "Mine", email, "My Co", Instant.now().plusSeconds(60)));

        await().until(() -> leads(mine.orgId(), email).size() == 1);
        assertThat(leads(mine.orgId(), email).getFirst().get("company")).isEqualTo("My Co");
        Map<String, Object> after = leads(other.orgId(), email).getFirst();
        assertThat(after.get("company")).isEqualTo("Their Co");
        assertThat(after.get("version")).isEqualTo(before.get("version"));
    }

    @Test
    void aContactWithNoAddressOrPhoneIsSkipped() {
        TestTeam team = TestTeam.create(jdbc);
        IntegrationEvent.ContactSynced nothing = new IntegrationEvent.ContactSynced(
                team.orgId(),
                connectionId,
                "highlevel",
                "ext-4",
                "No",
                "Address",
                null,
                "not a number",
                "Co",
                List.of(),
                Instant.now(),
                UUID.randomUUID());
        send(nothing);
        String marker = "after-" + UUID.randomUUID() + "@example.test";
        send(contact(team.orgId(), "ext-5", "After", marker, null, Instant.now()));
        await().until(() -> leads(team.orgId(), marker).size() == 1);
        assertThat(jdbc.sql("select count(*) from lead where org_id = ?")
                        .param(team.orgId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private IntegrationEvent.ContactSynced contact(
            UUID orgId, String externalId, String firstName, String email, String company, Instant updatedAt) {
        return contact(orgId, externalId, firstName, email, null, company, updatedAt);
    }

    private IntegrationEvent.ContactSynced contact(
            UUID orgId,
            String externalId,
            String firstName,
            String email,
            String phone,
            String company,
            Instant updatedAt) {
        return new IntegrationEvent.ContactSynced(
                orgId,
                connectionId,
                "highlevel",
                externalId,
                firstName,
                "Synced",
                email,
                phone,
                company,
                List.of("synced"),
                updatedAt,
                UUID.nameUUIDFromBytes((connectionId + externalId + updatedAt + email + company).getBytes()));
    }

    private void send(IntegrationEvent event) {
        events.send(Topics.INTEGRATION_EVENTS, codec.wrap(event, null));
    }

    private List<Map<String, Object>> leads(UUID orgId, String email) {
        return jdbc.sql("select * from lead where org_id = ? and email = ?")
                .param(orgId)
                .param(email.toLowerCase())
                .query()
                .listOfRows();
    }
}
