package io.leadpulse.lead.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.test.ApiClient;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RepStatsApiTest extends LeadServiceTestSupport {

    /** UTC+14: its Monday starts on Sunday 10:00 UTC, so a UTC week would count differently. */
    private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati");

    private TestTeam team;

    @BeforeEach
    void setUp() {
        team = TestTeam.create(jdbc);
    }

    @Test
    void aRepsFiguresCountItsStatusMovesThisWeekAndMonthInTheOrgsTimeZoneBesideTheTargets() {
        saveSettings("Pacific/Kiritimati", Map.of("contacted", 50, "won", 5));
        // Through the API: what the pipeline writes is what the stats read.
        String a = lead(team.rep1());
        String b = lead(team.rep1());
        String c = lead(team.rep1());
        move(a, "CONTACTED");
        move(a, "REPLIED");
        move(a, "CONTACTED"); // the same lead contacted twice counts once
        move(b, "CONTACTED");
        move(b, "WON");
        lead(team.rep2());
        // Moves while the lead was someone else's count for them, not for rep1.
        String handedOver = lead(team.rep2());
        moveAs(team.rep2(), handedOver, "CONTACTED");
        TestTeam.patch(
                api(),
                "/api/leads/" + handedOver,
                team.admin(),
                Map.of("assigneeId", team.rep1Id().toString()));

        Instant now = Instant.now();
        LocalDate today = now.atZone(KIRITIMATI).toLocalDate();
        Instant weekStart = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(KIRITIMATI)
                .toInstant();
        Instant monthStart = today.withDayOfMonth(1).atStartOfDay(KIRITIMATI).toInstant();
        // Just inside this local week (a UTC week would leave it out), and just before it.
        statusActivity(c, "REPLIED", weekStart.plusSeconds(1));
        statusActivity(c, "WON", weekStart.minusSeconds(1));
        statusActivity(c, "WON", monthStart.minusSeconds(1));
        boolean beforeWeekInMonth = !weekStart.minusSeconds(1).isBefore(monthStart);

        ApiClient.Response response = api().get("/api/users/me/stats", team.rep1());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode stats = response.json();
        assertThat(stats.get("timezone").asString()).isEqualTo("Pacific/Kiritimati");
        assertThat(stats.get("assigned").asLong()).isEqualTo(4);
        assertThat(Instant.parse(stats.get("week").get("from").asString())).isEqualTo(weekStart);
        assertThat(stats.get("week").get("contacted").asLong()).isEqualTo(2);
        assertThat(stats.get("week").get("replied").asLong()).isEqualTo(2);
        assertThat(stats.get("week").get("won").asLong()).isEqualTo(1);
        assertThat(Instant.parse(stats.get("month").get("from").asString())).isEqualTo(monthStart);
        assertThat(stats.get("month").get("contacted").asLong()).isEqualTo(2);
        assertThat(stats.get("month").get("replied").asLong())
                .isEqualTo(weekStart.plusSeconds(1).isBefore(monthStart) ? 1 : 2);
        assertThat(stats.get("month").get("won").asLong()).isEqualTo(beforeWeekInMonth ? 2 : 1);
        assertThat(stats.get("monthlyTargets").get("won").asInt()).isEqualTo(5);

        JsonNode rep2 = api().get("/api/users/" + team.rep2Id() + "/stats", team.admin())
                .json();
        assertThat(rep2.get("assigned").asLong()).isEqualTo(1);
        assertThat(rep2.get("week").get("contacted").asLong()).isEqualTo(1);
    }

    @Test
    void aRepSeesOnlyItselfAndAnAdminOnlyItsOwnOrganisation() {
        TestTeam other = TestTeam.create(jdbc);

        assertThat(api().get("/api/users/" + team.rep1Id() + "/stats", team.rep1())
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/users/" + team.rep2Id() + "/stats", team.rep1())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/users/" + team.adminId() + "/stats", team.rep1())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/users/" + team.rep2Id() + "/stats", team.admin())
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/users/" + team.rep2Id() + "/stats", other.admin())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/users/" + UUID.randomUUID() + "/stats", team.admin())
                        .status())
                .isEqualTo(404);
        ApiClient.Response bad = api().get("/api/users/nobody/stats", team.admin());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("id");
        assertThat(api().get("/api/users/me/stats", team.admin())
                        .json()
                        .get("assigned")
                        .asLong())
                .isZero();
    }

    private void saveSettings(String timezone, Map<String, Object> targets) {
        Map<String, Object> body = new HashMap<>();
        body.put("hotLeadViews", 3);
        body.put("hotLeadWindowMinutes", 10);
        body.put("quietHoursStart", "21:00");
        body.put("quietHoursEnd", "08:00");
        body.put("timezone", timezone);
        body.put("monthlyTargets", targets);
        body.put("version", 0);
        ApiClient.Response saved = TestTeam.put(api(), "/api/org/settings", team.admin(), body);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    private void statusActivity(String lead, String to, Instant at) {
        jdbc.sql("""
                        insert into lead_activity (id, org_id, lead_id, type, occurred_at, data)
                        values (?, ?, ?::uuid, 'lead.status_changed', ?, cast(? as jsonb))
                        """)
                .params(
                        UUID.randomUUID(),
                        team.orgId(),
                        lead,
                        Timestamp.from(at),
                        "{\"from\": \"NEW\", \"to\": \"" + to + "\", \"assigneeId\": \"" + team.rep1Id() + "\"}")
                .update();
    }

    private void move(String lead, String status) {
        moveAs(team.rep1(), lead, status);
    }

    private void moveAs(String token, String lead, String status) {
        ApiClient.Response moved = api().postJson("/api/leads/" + lead + "/status", token, Map.of("status", status));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    }

    private String lead(String token) {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Ada");
        body.put("email", "st-" + UUID.randomUUID() + "@example.test");
        return TestTeam.lead(api(), token, body);
    }
}
