package io.leadpulse.lead.settings;

import static io.leadpulse.lead.TestTeam.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.OrgEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrgSettingsApiTest extends LeadServiceTestSupport {

    private final EventCodec codec = new EventCodec();
    private TestTeam team;

    @BeforeEach
    void setUp() {
        team = TestTeam.create(jdbc);
    }

    @Test
    void anyMemberReadsTheDefaultsAndAnAdminSavesFromTheVersionItReadAndEveryoneHearsIt() {
        ApiClient.Response defaults = api().get("/api/org/settings", team.rep1());
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("hotLeadViews").asInt()).isEqualTo(3);
        assertThat(defaults.json().get("timezone").asString()).isEqualTo("UTC");
        assertThat(defaults.json().get("version").asLong()).isZero();

        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES, Topics.LEAD_EVENTS)) {
            ApiClient.Response saved = put(api(), "/api/org/settings", team.admin(), settings(0));

            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.json().get("version").asLong()).isEqualTo(1);
            assertThat(saved.json().get("phoneRegion").asString()).isEqualTo("DE");
            assertThat(saved.json().get("monthlyTargets").get("won").asInt()).isEqualTo(12);
            var record = probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains("org.settings_updated")
                            && r.value().contains(team.orgId().toString()));
            RealtimeMessage message = codec.read(record.value(), RealtimeMessage.class);
            assertThat(message.channels()).containsExactly("private-org-" + team.orgId());

            // the other services hear it too, keyed by org: notification-service's weekly insights
            var domain = probe.awaitKey(Topics.LEAD_EVENTS, team.orgId().toString());
            EventEnvelope envelope = codec.readEnvelope(domain.value());
            assertThat(envelope.type()).isEqualTo("org.settings_updated");
            OrgEvent.SettingsUpdated event =
                    (OrgEvent.SettingsUpdated) codec.decode(envelope).orElseThrow();
            assertThat(event.orgId()).isEqualTo(team.orgId());
            assertThat(event.companyName()).isEqualTo("Team Co");
            assertThat(event.timezone()).isEqualTo("Europe/Berlin");
            assertThat(event.monthlyTargets())
                    .containsEntry("won", 12L)
                    .containsEntry("revenueMinor", 5_000_000L)
                    .hasSize(5);
            assertThat(event.version()).isEqualTo(1);
        }
        ApiClient.Response read = api().get("/api/org/settings", team.rep2());
        assertThat(read.json().get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(read.json().get("quietHoursStart").asString()).startsWith("20:00");
        assertThat(read.json().get("profile").get("website").asString()).isEqualTo("https://example.test");

        // The org's phone region now reads numbers without a country code.
        Map<String, Object> lead = new HashMap<>();
        lead.put("firstName", "Hans");
        lead.put("phone", "030 1234567");
        assertThat(api().postJson("/api/leads", team.admin(), lead)
                        .json()
                        .get("phone")
                        .asString())
                .isEqualTo("+49301234567");

        ApiClient.Response stale = put(api(), "/api/org/settings", team.admin(), settings(0));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(put(api(), "/api/org/settings", team.admin(), settings(1))
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void aRepMayNotChangeSettingsAndAnotherOrganisationNeverSeesThem() {
        assertThat(put(api(), "/api/org/settings", team.rep1(), settings(0)).status())
                .isEqualTo(403);
        put(api(), "/api/org/settings", team.admin(), settings(0));

        TestTeam other = TestTeam.create(jdbc);
        ApiClient.Response theirs = api().get("/api/org/settings", other.admin());
        assertThat(theirs.json().get("timezone").asString()).isEqualTo("UTC");
        assertThat(theirs.json().get("orgId").asString())
                .isEqualTo(other.orgId().toString());
        assertThat(api().get("/api/org/settings", team.admin())
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void badSettingsNameTheField() {
        assertField(with("timezone", "Mars/Olympus"), "timezone");
        assertField(with("phoneRegion", "XX"), "phoneRegion");
        assertField(with("hotLeadViews", 0), "hotLeadViews");
        assertField(with("hotLeadViews", 101), "hotLeadViews");
        assertField(with("hotLeadWindowMinutes", 0), "hotLeadWindowMinutes");
        assertField(with("hotLeadWindowMinutes", 1441), "hotLeadWindowMinutes");
        assertField(with("quietHoursStart", "25:00"), "quietHoursStart");
        assertField(with("quietHoursEnd", "20:00"), "quietHoursEnd");
        assertField(with("monthlyTargets", Map.of("won", -1)), "monthlyTargets.won");
        assertField(with("monthlyTargets", Map.of("won", 1.5)), "monthlyTargets.won");
        assertField(with("monthlyTargets", Map.of("won", "ten")), "monthlyTargets.won");
        assertField(with("monthlyTargets", Map.of("lunches", 3)), "monthlyTargets.lunches");
        assertField(with("profile", Map.of("about", "x".repeat(9_000))), "profile");
        assertField(with("version", null), "version");
        assertThat(api().get("/api/org/settings", team.admin())
                        .json()
                        .get("version")
                        .asLong())
                .isZero();
    }

    private void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .as(response.body())
                .contains(field);
    }

    private ApiClient.Response with(String field, Object value) {
        Map<String, Object> body = settings(0);
        body.put(field, value);
        return put(api(), "/api/org/settings", team.admin(), body);
    }

    private static Map<String, Object> settings(long version) {
        Map<String, Object> body = new HashMap<>();
        body.put("profile", Map.of("name", "Team Co", "website", "https://example.test"));
        body.put("hotLeadViews", 4);
        body.put("hotLeadWindowMinutes", 15);
        body.put("quietHoursStart", "20:00");
        body.put("quietHoursEnd", "07:30");
        body.put("timezone", "Europe/Berlin");
        body.put("phoneRegion", "de");
        body.put(
                "monthlyTargets",
                Map.of("leads", 200, "contacted", 120, "replied", 40, "won", 12, "revenueMinor", 5_000_000));
        body.put("version", version);
        return body;
    }
}
