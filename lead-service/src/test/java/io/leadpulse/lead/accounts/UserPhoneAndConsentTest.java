package io.leadpulse.lead.accounts;

import static io.leadpulse.lead.TestTeam.awaitEvent;
import static io.leadpulse.lead.TestTeam.awaitRealtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A user's mobile number and SMS consent: normalised like leads' numbers, consent given only by the
 * person themself (with a timestamp), reset by a new number, carried in {@code user.*} events, and
 * never shown to colleagues or the org channel.
 */
class UserPhoneAndConsentTest extends LeadServiceTestSupport {

    private static final EventCodec CODEC = new EventCodec();
    private TestTeam team;
    private TopicProbe probe;

    @BeforeEach
    void setUp() {
        team = TestTeam.create(jdbc);
        probe = TopicProbe.subscribe(Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES);
    }

    @AfterEach
    void close() {
        probe.close();
    }

    @Test
    void anAdminAddsAUserWithANumberInTheOrgRegionButCannotGiveTheirConsent() {
        Map<String, Object> body = user("joiner." + UUID.randomUUID() + "@team.test");
        body.put("phone", "(415) 555-0132");

        ApiClient.Response created = api().postJson("/api/users", team.admin(), body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("phone").asString()).isEqualTo("+14155550132");
        assertThat(created.json().get("smsConsent").asBoolean()).isFalse();
        AccountEvent.UserCreated event = (AccountEvent.UserCreated)
                CODEC.decode(awaitEvent(probe, "user.created", id)).orElseThrow();
        assertThat(event.phone()).isEqualTo("+14155550132");
        assertThat(event.smsConsent()).isFalse();
        assertThat(CODEC.toJson(awaitRealtime(probe, "user.created", id).data()))
                .as("the org channel is told who joined, never their number")
                .doesNotContain("4155550132")
                .doesNotContain("phone");

        Map<String, Object> consenting = user("consent." + UUID.randomUUID() + "@team.test");
        consenting.put("phone", "+14155550133");
        consenting.put("smsConsent", true);
        assertProblem(api().postJson("/api/users", team.admin(), consenting), 400, "smsConsent");
        Map<String, Object> badPhone = user("bad." + UUID.randomUUID() + "@team.test");
        badPhone.put("phone", "12");
        assertProblem(api().postJson("/api/users", team.admin(), badPhone), 400, "phone");
        assertThat(jdbc.sql("select count(*) from app_user where org_id = ?")
                        .param(team.orgId())
                        .query(Long.class)
                        .single())
                .as("the team's three and the one with a valid number")
                .isEqualTo(4);
    }

    @Test
    void onlyTheUserThemselfConsentsAndItIsRecordedWithWhenAndCarriedInUserUpdated() {
        String me = "/api/users/" + team.rep1Id();
        assertThat(TestTeam.patch(api(), me, team.admin(), Map.of("phone", "+44 20 7946 0958"))
                        .status())
                .isEqualTo(200);
        assertThat(lastUpdate(team.rep1Id(), 1).changedFields()).containsExactly("phone");

        assertProblem(TestTeam.patch(api(), me, team.admin(), Map.of("smsConsent", true)), 403, null);
        assertProblem(TestTeam.patch(api(), me, team.rep2(), Map.of("smsConsent", true)), 403, null);
        assertProblem(TestTeam.patch(api(), me, team.rep2(), Map.of("phone", "+14155550140")), 403, null);
        assertProblem(TestTeam.patch(api(), me, team.rep1(), Map.of("name", "Self-promoted")), 403, null);
        assertThat(consent(team.rep1Id())).isFalse();

        Instant before = Instant.now().minusSeconds(1);
        ApiClient.Response consented = TestTeam.patch(api(), me, team.rep1(), Map.of("smsConsent", true));

        assertThat(consented.status()).as(consented.body()).isEqualTo(200);
        assertThat(consented.json().get("smsConsent").asBoolean()).isTrue();
        assertThat(Instant.parse(consented.json().get("smsConsentAt").asString()))
                .isAfter(before)
                .isBefore(Instant.now().plusSeconds(1));
        AccountEvent.UserUpdated event = lastUpdate(team.rep1Id(), 2);
        assertThat(event.changedFields()).containsExactly("smsConsent");
        assertThat(event.smsConsent()).isTrue();
        assertThat(event.phone()).isEqualTo("+442079460958");
        assertThat(event.updatedBy()).isEqualTo(team.rep1Id());
        JsonNode mine = api().get("/api/me", team.rep1()).json();
        assertThat(mine.get("phone").asString()).isEqualTo("+442079460958");
        assertThat(mine.get("smsConsent").asBoolean()).isTrue();
        assertThat(mine.get("smsConsentAt").asString())
                .isEqualTo(consented.json().get("smsConsentAt").asString());

        // Colleagues do not see the number; the person and the admins do.
        assertThat(listed(team.rep2(), team.rep1Id()).get("phone").isNull()).isTrue();
        assertThat(listed(team.rep1(), team.rep1Id()).get("phone").asString()).isEqualTo("+442079460958");
        assertThat(listed(team.admin(), team.rep1Id()).get("smsConsent").asBoolean())
                .isTrue();
    }

    @Test
    void aNewNumberResetsConsentAndConsentNeedsANumber() {
        String me = "/api/users/" + team.rep2Id();
        assertProblem(TestTeam.patch(api(), me, team.rep2(), Map.of("smsConsent", true)), 400, "smsConsent");
        assertProblem(TestTeam.patch(api(), me, team.rep2(), Map.of("phone", "not a number")), 400, "phone");

        ApiClient.Response both =
                TestTeam.patch(api(), me, team.rep2(), Map.of("phone", "415 555 0150", "smsConsent", true));
        assertThat(both.status()).as(both.body()).isEqualTo(200);
        assertThat(lastUpdate(team.rep2Id(), 1).changedFields()).containsExactly("phone", "smsConsent");
        assertThat(consent(team.rep2Id())).isTrue();
        assertThat(TestTeam.patch(api(), me, team.rep2(), Map.of("phone", "+1 415-555-0150"))
                        .status())
                .as("the same number written differently changes nothing")
                .isEqualTo(200);
        assertThat(consent(team.rep2Id())).isTrue();

        ApiClient.Response moved = TestTeam.patch(api(), me, team.admin(), Map.of("phone", "+14155550151"));

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("smsConsent").asBoolean()).isFalse();
        assertThat(moved.json().get("smsConsentAt").isNull()).isTrue();
        AccountEvent.UserUpdated reset = lastUpdate(team.rep2Id(), 2);
        assertThat(reset.changedFields()).containsExactly("phone", "smsConsent");
        assertThat(reset.phone()).isEqualTo("+14155550151");
        assertThat(reset.smsConsent()).isFalse();

        TestTeam.patch(api(), me, team.rep2(), Map.of("smsConsent", true));
        ApiClient.Response removed = TestTeam.patch(api(), me, team.rep2(), Map.of("phone", ""));
        assertThat(removed.json().get("phone").isNull()).isTrue();
        assertThat(removed.json().get("smsConsent").asBoolean()).isFalse();
        AccountEvent.UserUpdated gone = lastUpdate(team.rep2Id(), 4);
        assertThat(gone.phone()).isNull();
        assertThat(gone.smsConsent()).isFalse();
        TestTeam other = TestTeam.create(jdbc);
        assertThat(TestTeam.patch(api(), me, other.admin(), Map.of("phone", "+14155550152"))
                        .status())
                .isEqualTo(404);
    }

    /** The {@code n}th user.updated of this user (same key, same partition: in order). */
    private AccountEvent.UserUpdated lastUpdate(UUID userId, int n) {
        String key = userId.toString();
        await().until(() -> TestTeam.count(probe, Topics.LEAD_EVENTS, "user.updated", key) >= n);
        List<ConsumerRecord<String, String>> updates = probe.seen().stream()
                .filter(r -> r.topic().equals(Topics.LEAD_EVENTS) && key.equals(r.key()))
                .filter(r -> "user.updated".equals(TopicProbe.header(r, OutboxPublisher.HEADER_EVENT_TYPE)))
                .toList();
        assertThat(updates).hasSize(n);
        return (AccountEvent.UserUpdated)
                CODEC.decode(CODEC.readEnvelope(updates.get(n - 1).value())).orElseThrow();
    }

    private boolean consent(UUID userId) {
        return jdbc.sql("select sms_consent from app_user where id = ?")
                .param(userId)
                .query(Boolean.class)
                .single();
    }

    private JsonNode listed(String token, UUID userId) {
        return api().get("/api/users", token)
                .json()
                .get("items")
                .valueStream()
                .filter(u -> u.get("id").asString().equals(userId.toString()))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> user(String email) {
        Map<String, Object> user = new HashMap<>();
        user.put("email", email);
        user.put("name", "Pia Phone");
        user.put("role", "REP");
        user.put("password", "a-long-first-password");
        return user;
    }

    private static void assertProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.contentType()).isTrue();
        if (field != null) {
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo(field);
        }
    }
}
