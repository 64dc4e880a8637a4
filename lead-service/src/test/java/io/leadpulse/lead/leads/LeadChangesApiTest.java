package io.leadpulse.lead.leads;

import static io.leadpulse.lead.TestTeam.awaitEvent;
import static io.leadpulse.lead.TestTeam.awaitRealtime;
import static io.leadpulse.lead.TestTeam.patch;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.lead.TestTeam;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PATCH, DELETE, status moves and notes on /api/leads/{id}. */
class LeadChangesApiTest extends LeadServiceTestSupport {

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
    void patchChangesOnlyTheFieldsSentNormalisedAndPublishesLeadUpdatedWithTheChangedFields() {
        String id = TestTeam.lead(api(), team.rep1(), body("p"));

        ApiClient.Response patched = patch(
                api(),
                "/api/leads/" + id,
                team.rep1(),
                Map.of(
                        "email",
                        "New." + id + "@Example.TEST",
                        "phone",
                        "(415) 555-0199",
                        "tags",
                        List.of("Hot ", "b")));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("email").asString()).isEqualTo("new." + id + "@example.test");
        assertThat(patched.json().get("phone").asString()).isEqualTo("+14155550199");
        assertThat(patched.json().get("tags").valueStream().map(n -> n.asString()))
                .containsExactly("hot", "b");
        assertThat(patched.json().get("company").asString()).isEqualTo("Analytical Engines");
        assertThat(patched.json().get("version").asLong()).isEqualTo(1);
        assertThat(patched.headers().firstValue("ETag")).hasValue("\"1\"");

        EventEnvelope envelope = awaitEvent(probe, "lead.updated", id);
        LeadEvent.LeadUpdated updated =
                (LeadEvent.LeadUpdated) codec.decode(envelope).orElseThrow();
        assertThat(updated.changedFields()).containsExactlyInAnyOrder("email", "phone", "tags");
        assertThat(updated.updatedBy()).isEqualTo(team.rep1Id());
        RealtimeMessage message = awaitRealtime(probe, "lead.updated", id);
        assertThat(message.channels())
                .contains("private-lead-" + id, "private-user-" + team.rep1Id(), "private-user-" + team.adminId());

        // Sending the same values again changes nothing: no new version, no event.
        ApiClient.Response again =
                patch(api(), "/api/leads/" + id, team.rep1(), Map.of("company", "Analytical Engines"));
        assertThat(again.json().get("version").asLong()).isEqualTo(1);
        assertThat(activityCount(id, "lead.updated")).isEqualTo(1);
    }

    @Test
    void patchKeepsUniquenessPerOrganisationAndNamesTheField() {
        String email = "taken-" + UUID.randomUUID() + "@example.test";
        Map<String, Object> first = body("u");
        first.put("email", email);
        first.put("phone", "+1 415 555 0111");
        TestTeam.lead(api(), team.admin(), first);
        String id = TestTeam.lead(api(), team.admin(), body("u2"));

        ApiClient.Response byEmail =
                patch(api(), "/api/leads/" + id, team.admin(), Map.of("email", email.toUpperCase()));
        ApiClient.Response byPhone = patch(api(), "/api/leads/" + id, team.admin(), Map.of("phone", "4155550111"));

        assertThat(byEmail.status()).isEqualTo(409);
        assertThat(byEmail.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertThat(byPhone.status()).isEqualTo(409);
        assertThat(byPhone.json().get("errors").get(0).get("field").asString()).isEqualTo("phone");
        // Another organisation may hold the same email.
        TestTeam other = TestTeam.create(jdbc);
        String foreign = TestTeam.lead(api(), other.admin(), body("f"));
        assertThat(patch(api(), "/api/leads/" + foreign, other.admin(), Map.of("email", email))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aStaleVersionIs412WithIfMatchAnd409InTheBodyAndChangesNothing() {
        String id = TestTeam.lead(api(), team.admin(), body("v"));
        assertThat(patch(api(), "/api/leads/" + id, team.admin(), Map.of("company", "One", "version", 0))
                        .status())
                .isEqualTo(200);

        ApiClient.Response staleBody =
                patch(api(), "/api/leads/" + id, team.admin(), Map.of("company", "Two", "version", 0));
        ApiClient.Response staleHeader = api().send(api().request("/api/leads/" + id, team.admin())
                .header("Content-Type", "application/json")
                .header("If-Match", "\"0\"")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"company\": \"Three\"}"))
                .build());
        ApiClient.Response current = api().send(api().request("/api/leads/" + id, team.admin())
                .header("Content-Type", "application/json")
                .header("If-Match", "\"1\"")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"company\": \"Four\"}"))
                .build());

        assertThat(staleBody.status()).isEqualTo(409);
        assertThat(staleBody.json().get("type").asString()).endsWith("stale-version");
        assertThat(staleBody.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(staleHeader.status()).isEqualTo(412);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("company").asString()).isEqualTo("Four");
        assertThat(current.json().get("version").asLong()).isEqualTo(2);
        assertThat(ifMatch(id, "*").status()).isEqualTo(200);
        assertField(ifMatch(id, "three"), "If-Match");
    }

    private ApiClient.Response ifMatch(String id, String header) {
        return api().send(api().request("/api/leads/" + id, team.admin())
                .header("Content-Type", "application/json")
                .header("If-Match", header)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"company\": \"" + header + "\"}"))
                .build());
    }

    @Test
    void concurrentChangesFromTheSameVersionLetExactlyOneWin() throws Exception {
        String id = TestTeam.lead(api(), team.admin(), body("race"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            // Two rounds, since a status move also bumps the version: first four PATCHes from
            // version 0, then four identical status moves.
            List<java.util.concurrent.Future<ApiClient.Response>> patches = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String company = "Racer " + i;
                patches.add(pool.submit(() ->
                        patch(api(), "/api/leads/" + id, team.admin(), Map.of("company", company, "version", 0))));
            }
            List<Integer> patchStatuses = new java.util.ArrayList<>();
            for (var f : patches) {
                patchStatuses.add(f.get().status());
            }
            List<java.util.concurrent.Future<ApiClient.Response>> moves = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                moves.add(pool.submit(() ->
                        api().postJson("/api/leads/" + id + "/status", team.admin(), Map.of("status", "CONTACTED"))));
            }
            List<Integer> moveStatuses = new java.util.ArrayList<>();
            for (var f : moves) {
                moveStatuses.add(f.get().status());
            }
            assertThat(patchStatuses).containsOnlyOnce(200).containsOnly(200, 409);
            assertThat(moveStatuses).containsOnlyOnce(200).containsOnly(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(activityCount(id, "lead.status_changed")).isEqualTo(1);
        assertThat(activityCount(id, "lead.updated")).isEqualTo(1);
        assertThat(api().get("/api/leads/" + id, team.admin())
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void badPatchInputNamesTheField() {
        String id = TestTeam.lead(api(), team.admin(), body("b"));
        String path = "/api/leads/" + id;

        assertField(patch(api(), path, team.admin(), Map.of("email", "not-an-email")), "email");
        assertField(patch(api(), path, team.admin(), Map.of("phone", "12")), "phone");
        assertField(patch(api(), path, team.admin(), Map.of("firstName", " ")), "firstName");
        assertField(patch(api(), path, team.admin(), Map.of("tags", "x")), "tags");
        assertField(patch(api(), path, team.admin(), Map.of("status", "WON")), "status");
        assertField(patch(api(), path, team.admin(), Map.of("assigneeId", "nope")), "assigneeId");
        assertField(patch(api(), path, team.admin(), Map.of("version", "x")), "version");
        assertField(patch(api(), path, team.admin(), Map.of("lastName", "x".repeat(101))), "lastName");
        Map<String, Object> clearsBoth = new HashMap<>();
        clearsBoth.put("email", null);
        assertField(patch(api(), path, team.admin(), clearsBoth), "email");
    }

    @Test
    void reassignmentPublishesLeadAssignedAndTellsTheOldAssigneeToo() {
        String id = TestTeam.lead(api(), team.rep1(), body("a"));

        ApiClient.Response reassigned = patch(
                api(),
                "/api/leads/" + id,
                team.admin(),
                Map.of("assigneeId", team.rep2Id().toString()));

        assertThat(reassigned.status()).isEqualTo(200);
        assertThat(reassigned.json().get("assigneeId").asString())
                .isEqualTo(team.rep2Id().toString());
        EventEnvelope envelope = awaitEvent(probe, "lead.assigned", id);
        LeadEvent.LeadAssigned assigned =
                (LeadEvent.LeadAssigned) codec.decode(envelope).orElseThrow();
        assertThat(assigned.previousAssigneeId()).isEqualTo(team.rep1Id());
        assertThat(assigned.assigneeId()).isEqualTo(team.rep2Id());
        assertThat(assigned.assignedBy()).isEqualTo(team.adminId());
        RealtimeMessage message = awaitRealtime(probe, "lead.assigned", id);
        assertThat(message.channels())
                .contains("private-user-" + team.rep1Id(), "private-user-" + team.rep2Id(), "private-lead-" + id);
        assertThat(activityCount(id, "lead.assigned")).isEqualTo(1);
        // An assignment alone is not a contact-field update.
        assertThat(activityCount(id, "lead.updated")).isZero();

        // The old assignee no longer sees it; the new one does.
        assertThat(api().get("/api/leads/" + id, team.rep1()).status()).isEqualTo(404);
        assertThat(api().get("/api/leads/" + id, team.rep2()).status()).isEqualTo(200);
    }

    @Test
    void aRepCannotHandALeadToSomeoneElseAndAnAdminOnlyToAnActiveMemberOfItsOrganisation() {
        String id = TestTeam.lead(api(), team.rep1(), body("r"));
        UUID inactive = TestTeam.addUser(jdbc, team.orgId(), "REP", false);
        TestTeam other = TestTeam.create(jdbc);
        Map<String, Object> unassign = new HashMap<>();
        unassign.put("assigneeId", null);

        assertField(
                patch(
                        api(),
                        "/api/leads/" + id,
                        team.rep1(),
                        Map.of("assigneeId", team.rep2Id().toString())),
                "assigneeId");
        assertField(patch(api(), "/api/leads/" + id, team.rep1(), unassign), "assigneeId");
        assertField(
                patch(api(), "/api/leads/" + id, team.admin(), Map.of("assigneeId", inactive.toString())),
                "assigneeId");
        assertField(
                patch(
                        api(),
                        "/api/leads/" + id,
                        team.admin(),
                        Map.of("assigneeId", other.rep1Id().toString())),
                "assigneeId");
        ApiClient.Response unassigned = patch(api(), "/api/leads/" + id, team.admin(), unassign);
        assertThat(unassigned.status()).isEqualTo(200);
        assertThat(unassigned.json().get("assigneeId").isNull()).isTrue();
    }

    @Test
    void changesToALeadOutsideTheCallersScopeAre404() {
        String rep1Lead = TestTeam.lead(api(), team.rep1(), body("s"));
        TestTeam other = TestTeam.create(jdbc);
        String path = "/api/leads/" + rep1Lead;

        for (String token : List.of(team.rep2(), other.admin())) {
            assertThat(patch(api(), path, token, Map.of("company", "X")).status())
                    .isEqualTo(404);
            assertThat(TestTeam.delete(api(), path, token).status()).isEqualTo(404);
            assertThat(api().postJson(path + "/status", token, Map.of("status", "CONTACTED"))
                            .status())
                    .isEqualTo(404);
            assertThat(api().postJson(path + "/notes", token, Map.of("body", "hi"))
                            .status())
                    .isEqualTo(404);
            assertThat(api().get(path + "/notes", token).status()).isEqualTo(404);
        }
        assertThat(jdbc.sql("select company from lead where id = ?::uuid")
                        .param(rep1Lead)
                        .query(String.class)
                        .single())
                .isEqualTo("Analytical Engines");
        assertThat(activityCount(rep1Lead, null)).isZero();
    }

    @Test
    void anAdminDeletesALeadAndTheQuotaSlotComesBackWhileARepMayNot() {
        String id = TestTeam.lead(api(), team.rep1(), body("d"));
        int usedBefore = used();

        assertThat(TestTeam.delete(api(), "/api/leads/" + id, team.rep1()).status())
                .isEqualTo(403);
        ApiClient.Response deleted = TestTeam.delete(api(), "/api/leads/" + id, team.admin());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api().get("/api/leads/" + id, team.admin()).status()).isEqualTo(404);
        assertThat(used()).isEqualTo(usedBefore - 1);
        LeadEvent.LeadDeleted event = (LeadEvent.LeadDeleted)
                codec.decode(awaitEvent(probe, "lead.deleted", id)).orElseThrow();
        assertThat(event.deletedBy()).isEqualTo(team.adminId());
        assertThat(awaitRealtime(probe, "lead.deleted", id).channels()).contains("private-user-" + team.rep1Id());
        assertThat(TestTeam.delete(api(), "/api/leads/" + id, team.admin()).status())
                .isEqualTo(404);
    }

    @Test
    void statusMovesFollowThePipelineAndAreRecordedWithTheirEvent() {
        String id = TestTeam.lead(api(), team.rep1(), body("st"));

        ApiClient.Response contacted = api().postJson(
                        "/api/leads/" + id + "/status", team.rep1(), Map.of("status", "CONTACTED", "reason", "called"));
        ApiClient.Response paid = api().postJson("/api/leads/" + id + "/status", team.rep1(), Map.of("status", "PAID"));

        assertThat(contacted.status()).as(contacted.body()).isEqualTo(200);
        assertThat(contacted.json().get("status").asString()).isEqualTo("CONTACTED");
        assertThat(paid.status()).isEqualTo(409);
        assertThat(paid.json().get("type").asString()).endsWith("invalid-transition");
        assertThat(paid.json().get("from").asString()).isEqualTo("CONTACTED");
        assertThat(paid.json().get("to").asString()).isEqualTo("PAID");
        LeadEvent.LeadStatusChanged event = (LeadEvent.LeadStatusChanged)
                codec.decode(awaitEvent(probe, "lead.status_changed", id)).orElseThrow();
        assertThat(event.from()).isEqualTo("NEW");
        assertThat(event.to()).isEqualTo("CONTACTED");
        assertThat(event.reason()).isEqualTo("called");
        assertThat(event.changedBy()).isEqualTo(team.rep1Id());
        assertThat(awaitRealtime(probe, "lead.status_changed", id).channels()).contains("private-lead-" + id);
        assertThat(activityCount(id, "lead.status_changed")).isEqualTo(1);

        assertField(api().postJson("/api/leads/" + id + "/status", team.rep1(), Map.of("status", "DONE")), "status");
        assertField(api().postJson("/api/leads/" + id + "/status", team.rep1(), Map.of()), "status");
        assertField(
                api().postJson(
                                "/api/leads/" + id + "/status",
                                team.rep1(),
                                Map.of("status", "WON", "reason", "x".repeat(501))),
                "reason");
    }

    @Test
    void notesAreAddedAndListedNewestFirstAndShowOnTheTimeline() {
        String id = TestTeam.lead(api(), team.rep1(), body("n"));

        ApiClient.Response first = api().postJson("/api/leads/" + id + "/notes", team.rep1(), Map.of("body", "first"));
        ApiClient.Response second =
                api().postJson("/api/leads/" + id + "/notes", team.admin(), Map.of("body", "second"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("authorId").asString())
                .isEqualTo(team.rep1Id().toString());
        assertThat(second.status()).isEqualTo(201);
        ApiClient.Response notes = api().get("/api/leads/" + id + "/notes", team.rep1());
        assertThat(notes.json()
                        .get("items")
                        .valueStream()
                        .map(n -> n.get("body").asString()))
                .containsExactly("second", "first");
        assertThat(activityCount(id, "note.added")).isEqualTo(2);
        assertThat(awaitRealtime(probe, "lead.note_added", id).channels()).contains("private-lead-" + id);
        LeadEvent.LeadUpdated updated = (LeadEvent.LeadUpdated)
                codec.decode(awaitEvent(probe, "lead.updated", id)).orElseThrow();
        assertThat(updated.changedFields()).containsExactly("notes");

        assertField(api().postJson("/api/leads/" + id + "/notes", team.rep1(), Map.of("body", " ")), "body");
        assertField(
                api().postJson("/api/leads/" + id + "/notes", team.rep1(), Map.of("body", "x".repeat(10_001))), "body");
        assertThat(api().postJson("/api/leads/" + id + "/notes", team.rep1(), Map.of("body", "x".repeat(10_000)))
                        .status())
                .isEqualTo(201);
    }

    private int used() {
        return jdbc.sql("select lead_count from org_quota where org_id = ?")
                .param(team.orgId())
                .query(Integer.class)
                .single();
    }

    private long activityCount(String leadId, String type) {
        return jdbc.sql("select count(*) from lead_activity where lead_id = ?::uuid and (?::text is null or type = ?)")
                .params(leadId, type, type)
                .query(Long.class)
                .single();
    }

    static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .as(response.body())
                .contains(field);
    }

    static Map<String, Object> body(String prefix) {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Ada");
        body.put("lastName", "Lovelace");
        body.put("company", "Analytical Engines");
        body.put("email", prefix + "-" + UUID.randomUUID() + "@example.test");
        return body;
    }
}
