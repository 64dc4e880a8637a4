package io.leadpulse.lead.appointments;

import static io.leadpulse.lead.TestTeam.awaitEvent;
import static io.leadpulse.lead.TestTeam.awaitRealtime;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppointmentApiTest extends LeadServiceTestSupport {

    private static final Instant NINE = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    private final EventCodec codec = new EventCodec();
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
    void aRepBooksMovesAndCancelsAnAppointmentWithEventsRealtimeAndTimeline() {
        String lead = TestTeam.lead(api(), team.rep1(), lead());

        ApiClient.Response booked =
                api().postJson("/api/appointments", team.rep1(), booking(lead, NINE, NINE.plusSeconds(1800)));

        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        String id = booked.json().get("id").asString();
        assertThat(booked.json().get("assigneeId").asString())
                .isEqualTo(team.rep1Id().toString());
        assertThat(booked.json().get("status").asString()).isEqualTo("SCHEDULED");
        LeadEvent.AppointmentScheduled scheduled =
                (LeadEvent.AppointmentScheduled) codec.decode(awaitEvent(probe, "lead.appointment_scheduled", lead))
                        .orElseThrow();
        assertThat(scheduled.appointmentId().toString()).isEqualTo(id);
        assertThat(scheduled.startsAt()).isEqualTo(NINE);
        assertThat(scheduled.kind()).isEqualTo("CALL");
        assertThat(awaitRealtime(probe, "lead.appointment_scheduled", id).channels())
                .contains("private-lead-" + lead, "private-user-" + team.rep1Id(), "private-user-" + team.adminId());

        Instant ten = NINE.plusSeconds(3600);
        ApiClient.Response moved =
                TestTeam.patch(api(), "/api/appointments/" + id, team.rep1(), Map.of("startsAt", ten.toString()));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(Instant.parse(moved.json().get("endsAt").asString())).isEqualTo(ten.plusSeconds(1800));
        probe.await(Topics.LEAD_EVENTS, r -> lead.equals(r.key()) && r.value().contains(ten.toString()));

        ApiClient.Response cancelled = api().postJson("/api/appointments/" + id + "/cancel", team.rep1(), Map.of());
        ApiClient.Response again = api().postJson("/api/appointments/" + id + "/cancel", team.rep1(), Map.of());
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(again.status()).isEqualTo(200);
        LeadEvent.AppointmentCancelled event =
                (LeadEvent.AppointmentCancelled) codec.decode(awaitEvent(probe, "lead.appointment_cancelled", lead))
                        .orElseThrow();
        assertThat(event.cancelledBy()).isEqualTo(team.rep1Id());
        awaitRealtime(probe, "lead.appointment_cancelled", id);
        assertThat(TestTeam.patch(api(), "/api/appointments/" + id, team.rep1(), Map.of("title", "again"))
                        .status())
                .isEqualTo(409);

        assertThat(timelineTypes(lead))
                .containsSubsequence(
                        "lead.appointment_cancelled", "lead.appointment_scheduled", "lead.appointment_scheduled");
        assertThat(timelineTypes(lead).stream().filter(t -> t.equals("lead.appointment_cancelled")))
                .hasSize(1);
        assertThat(api().get("/api/leads/" + lead + "/appointments", team.rep1())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void mineInARangeForARepAndTheWholeOrganisationForAnAdmin() {
        String rep1Lead = TestTeam.lead(api(), team.rep1(), lead());
        String rep2Lead = TestTeam.lead(api(), team.rep2(), lead());
        String a1 = book(team.rep1(), rep1Lead, NINE);
        String a2 = book(team.rep2(), rep2Lead, NINE.plusSeconds(60));
        String later = book(team.rep1(), rep1Lead, NINE.plus(20, ChronoUnit.DAYS));
        String range = "?from=" + enc(NINE.minusSeconds(1).toString()) + "&to="
                + enc(NINE.plus(1, ChronoUnit.DAYS).toString());

        assertThat(ids(team.rep1(), range)).containsExactly(a1);
        assertThat(ids(team.rep2(), range)).containsExactly(a2);
        assertThat(ids(team.admin(), range)).containsExactly(a1, a2);
        assertThat(ids(team.admin(), range + "&assigneeId=" + team.rep2Id())).containsExactly(a2);
        assertThat(ids(
                        team.rep1(),
                        "?from=" + enc(NINE.toString()) + "&to="
                                + enc(NINE.plus(30, ChronoUnit.DAYS).toString())))
                .containsExactly(a1, later);
        api().postJson("/api/appointments/" + a1 + "/cancel", team.rep1(), Map.of());
        assertThat(ids(team.rep1(), range)).isEmpty();
        assertThat(ids(team.rep1(), range + "&includeCancelled=true")).containsExactly(a1);
        assertThat(ids(TestTeam.create(jdbc).admin(), range)).isEmpty();
    }

    @Test
    void anAdminAssignsToAnyActiveMemberAndTheHolderSeesItWhileOthersGet404() {
        String lead = TestTeam.lead(api(), team.rep1(), lead());
        Map<String, Object> body = booking(lead, NINE, null);
        body.put("assigneeId", team.rep2Id().toString());

        ApiClient.Response booked = api().postJson("/api/appointments", team.admin(), body);
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        String id = booked.json().get("id").asString();
        assertThat(awaitRealtime(probe, "lead.appointment_scheduled", id).channels())
                .contains("private-user-" + team.rep1Id(), "private-user-" + team.rep2Id());

        assertThat(api().get("/api/appointments/" + id, team.rep2()).status()).isEqualTo(200);
        assertThat(api().get("/api/appointments/" + id, team.rep1()).status()).isEqualTo(200);
        TestTeam other = TestTeam.create(jdbc);
        assertThat(api().get("/api/appointments/" + id, other.admin()).status()).isEqualTo(404);
        assertThat(TestTeam.patch(api(), "/api/appointments/" + id, other.admin(), Map.of("title", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(api().postJson("/api/appointments/" + id + "/cancel", other.admin(), Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/leads/" + lead + "/appointments", other.admin())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/leads/" + lead + "/appointments", team.rep2())
                        .status())
                .isEqualTo(404);
        // A rep cannot book on a lead it does not see, nor for someone else.
        String rep2Lead = TestTeam.lead(api(), team.rep2(), lead());
        assertThat(api().postJson("/api/appointments", team.rep1(), booking(rep2Lead, NINE, null))
                        .status())
                .isEqualTo(404);
        assertThat(api().postJson("/api/appointments", other.admin(), booking(lead, NINE, null))
                        .status())
                .isEqualTo(404);
        Map<String, Object> forOther = booking(lead, NINE, null);
        forOther.put("assigneeId", team.rep2Id().toString());
        assertField(api().postJson("/api/appointments", team.rep1(), forOther), "assigneeId");
        Map<String, Object> foreignUser = booking(lead, NINE, null);
        foreignUser.put("assigneeId", other.adminId().toString());
        assertField(api().postJson("/api/appointments", team.admin(), foreignUser), "assigneeId");
    }

    @Test
    void badInputNamesTheField() {
        String lead = TestTeam.lead(api(), team.rep1(), lead());
        Map<String, Object> noTitle = booking(lead, NINE, null);
        noTitle.remove("title");
        Map<String, Object> badKind = booking(lead, NINE, null);
        badKind.put("kind", "LUNCH");
        Map<String, Object> noStart = booking(lead, NINE, null);
        noStart.remove("startsAt");
        Map<String, Object> badStart = booking(lead, NINE, null);
        badStart.put("startsAt", "tomorrow");

        assertField(api().postJson("/api/appointments", team.rep1(), noTitle), "title");
        assertField(api().postJson("/api/appointments", team.rep1(), badKind), "kind");
        assertField(api().postJson("/api/appointments", team.rep1(), noStart), "startsAt");
        assertField(api().postJson("/api/appointments", team.rep1(), badStart), "startsAt");
        assertField(api().postJson("/api/appointments", team.rep1(), booking(lead, NINE, NINE)), "endsAt");
        assertField(api().postJson("/api/appointments", team.rep1(), Map.of("kind", "CALL")), "leadId");
        String id = book(team.rep1(), lead, NINE);
        assertField(
                TestTeam.patch(
                        api(),
                        "/api/appointments/" + id,
                        team.rep1(),
                        Map.of("endsAt", NINE.minusSeconds(1).toString())),
                "endsAt");
        assertField(TestTeam.patch(api(), "/api/appointments/" + id, team.rep1(), Map.of("title", " ")), "title");
        assertField(
                api().get(
                                "/api/appointments?from=" + enc(NINE.toString()) + "&to=" + enc(NINE.toString()),
                                team.rep1()),
                "to");
        assertField(
                api().get(
                                "/api/appointments?from=" + enc(NINE.toString()) + "&to="
                                        + enc(NINE.plus(100, ChronoUnit.DAYS).toString()),
                                team.rep1()),
                "to");
        assertField(api().get("/api/appointments?from=yesterday", team.rep1()), "from");
        assertField(api().get("/api/appointments?assigneeId=" + team.rep2Id(), team.rep1()), "assigneeId");
    }

    private List<String> timelineTypes(String lead) {
        return api().get("/api/leads/" + lead + "/timeline?limit=200", team.admin())
                .json()
                .get("items")
                .valueStream()
                .map(n -> n.get("type").asString())
                .toList();
    }

    private String book(String token, String lead, Instant at) {
        ApiClient.Response booked = api().postJson("/api/appointments", token, booking(lead, at, null));
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        return booked.json().get("id").asString();
    }

    private List<String> ids(String token, String query) {
        ApiClient.Response response = api().get("/api/appointments" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json()
                .get("items")
                .valueStream()
                .map(n -> n.get("id").asString())
                .toList();
    }

    private static Map<String, Object> booking(String lead, Instant startsAt, Instant endsAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("leadId", lead);
        body.put("kind", "CALL");
        body.put("title", "Discovery call");
        body.put("startsAt", startsAt.toString());
        if (endsAt != null) {
            body.put("endsAt", endsAt.toString());
        }
        return body;
    }

    static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .as(response.body())
                .contains(field);
    }

    private static Map<String, Object> lead() {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Ada");
        body.put("email", "ap-" + UUID.randomUUID() + "@example.test");
        return body;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
