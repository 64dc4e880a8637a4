package io.leadpulse.lead.tasks;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskApiTest extends LeadServiceTestSupport {

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
    void aTaskIsCreatedAndCompletedOnceWithEventsRealtimeAndTimeline() {
        String lead = TestTeam.lead(api(), team.rep1(), lead());
        Instant due = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        ApiClient.Response created = api().postJson("/api/tasks", team.rep1(), task(lead, "Send the quote", due));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("assigneeId").asString())
                .isEqualTo(team.rep1Id().toString());
        LeadEvent.TaskCreated event = (LeadEvent.TaskCreated)
                codec.decode(awaitEvent(probe, "lead.task_created", lead)).orElseThrow();
        assertThat(event.taskId().toString()).isEqualTo(id);
        assertThat(event.dueAt()).isEqualTo(due);
        assertThat(awaitRealtime(probe, "lead.task_created", id).channels())
                .contains("private-lead-" + lead, "private-user-" + team.rep1Id());

        ApiClient.Response done = api().postJson("/api/tasks/" + id + "/complete", team.rep1(), Map.of());
        ApiClient.Response again = api().postJson("/api/tasks/" + id + "/complete", team.admin(), Map.of());

        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("completedBy").asString())
                .isEqualTo(team.rep1Id().toString());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("completedAt")).isEqualTo(done.json().get("completedAt"));
        assertThat(again.json().get("completedBy").asString())
                .isEqualTo(team.rep1Id().toString());
        awaitEvent(probe, "lead.task_completed", lead);
        awaitRealtime(probe, "lead.task_completed", id);
        assertThat(jdbc.sql(
                                "select count(*) from lead_activity where lead_id = ?::uuid and type = 'lead.task_completed'")
                        .param(lead)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from outbox where type = 'lead.task_completed' and aggregateid = ?")
                        .param(lead)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(timelineTypes(lead)).containsSubsequence("lead.task_completed", "lead.task_created", "lead.created");
    }

    @Test
    void listsMineOpenOverdueAndDoneAndTheWholeOrganisationForAnAdmin() {
        String rep1Lead = TestTeam.lead(api(), team.rep1(), lead());
        String rep2Lead = TestTeam.lead(api(), team.rep2(), lead());
        Instant now = Instant.now();
        String overdue = create(team.rep1(), rep1Lead, now.minus(1, ChronoUnit.HOURS));
        String open = create(team.rep1(), rep1Lead, now.plus(1, ChronoUnit.DAYS));
        String done = create(team.rep1(), rep1Lead, now.plus(2, ChronoUnit.DAYS));
        api().postJson("/api/tasks/" + done + "/complete", team.rep1(), Map.of());
        String theirs = create(team.rep2(), rep2Lead, now.plus(3, ChronoUnit.DAYS));

        assertThat(ids(team.rep1(), "")).containsExactly(overdue, open);
        assertThat(ids(team.rep1(), "?status=overdue")).containsExactly(overdue);
        assertThat(ids(team.rep1(), "?status=done")).containsExactly(done);
        assertThat(ids(team.rep1(), "?status=all")).containsExactly(overdue, open, done);
        assertThat(ids(team.rep2(), "")).containsExactly(theirs);
        assertThat(ids(team.admin(), "")).isEmpty();
        assertThat(ids(team.admin(), "?scope=org")).containsExactly(overdue, open, theirs);
        assertThat(ids(team.admin(), "?assigneeId=" + team.rep2Id())).containsExactly(theirs);
        assertThat(api().get("/api/leads/" + rep1Lead + "/tasks", team.rep1())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(3);
        assertThat(ids(TestTeam.create(jdbc).admin(), "?scope=org")).isEmpty();
    }

    @Test
    void accessAndBadInput() {
        String lead = TestTeam.lead(api(), team.rep1(), lead());
        Instant due = Instant.now().plus(1, ChronoUnit.DAYS);
        String id = create(team.rep1(), lead, due);
        TestTeam other = TestTeam.create(jdbc);

        for (String outsider : List.of(team.rep2(), other.admin())) {
            assertThat(api().get("/api/tasks/" + id, outsider).status()).isEqualTo(404);
            assertThat(api().postJson("/api/tasks/" + id + "/complete", outsider, Map.of())
                            .status())
                    .isEqualTo(404);
            assertThat(api().get("/api/leads/" + lead + "/tasks", outsider).status())
                    .isEqualTo(404);
            assertThat(api().postJson("/api/tasks", outsider, task(lead, "x", due))
                            .status())
                    .isEqualTo(404);
        }
        assertThat(api().get("/api/tasks/" + id, team.admin()).status()).isEqualTo(200);
        // An admin may give a task on rep1's lead to rep2, who then sees and completes it.
        Map<String, Object> forRep2 = task(lead, "Follow up", due);
        forRep2.put("assigneeId", team.rep2Id().toString());
        String handed = api().postJson("/api/tasks", team.admin(), forRep2)
                .json()
                .get("id")
                .asString();
        assertThat(api().postJson("/api/tasks/" + handed + "/complete", team.rep2(), Map.of())
                        .status())
                .isEqualTo(200);

        assertField(api().postJson("/api/tasks", team.rep1(), forRep2), "assigneeId");
        Map<String, Object> noTitle = task(lead, " ", due);
        assertField(api().postJson("/api/tasks", team.rep1(), noTitle), "title");
        Map<String, Object> noDue = task(lead, "x", due);
        noDue.remove("dueAt");
        assertField(api().postJson("/api/tasks", team.rep1(), noDue), "dueAt");
        assertField(api().postJson("/api/tasks", team.rep1(), Map.of("title", "x", "dueAt", due.toString())), "leadId");
        assertField(api().get("/api/tasks?status=late", team.rep1()), "status");
        assertField(api().get("/api/tasks?scope=org", team.rep1()), "scope");
        assertField(api().get("/api/tasks?scope=team", team.admin()), "scope");
        assertField(api().get("/api/tasks?assigneeId=" + team.rep2Id(), team.rep1()), "assigneeId");
        assertField(api().get("/api/tasks?limit=0", team.rep1()), "limit");
    }

    private List<String> timelineTypes(String lead) {
        return api().get("/api/leads/" + lead + "/timeline?limit=200", team.admin())
                .json()
                .get("items")
                .valueStream()
                .map(n -> n.get("type").asString())
                .toList();
    }

    private String create(String token, String lead, Instant due) {
        ApiClient.Response created = api().postJson("/api/tasks", token, task(lead, "Task due " + due, due));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private List<String> ids(String token, String query) {
        ApiClient.Response response = api().get("/api/tasks" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json()
                .get("items")
                .valueStream()
                .map(n -> n.get("id").asString())
                .toList();
    }

    private static Map<String, Object> task(String lead, String title, Instant due) {
        Map<String, Object> body = new HashMap<>();
        body.put("leadId", lead);
        body.put("title", title);
        body.put("dueAt", due.toString());
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
        body.put("email", "tk-" + UUID.randomUUID() + "@example.test");
        return body;
    }
}
