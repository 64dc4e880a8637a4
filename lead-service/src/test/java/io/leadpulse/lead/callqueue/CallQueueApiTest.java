package io.leadpulse.lead.callqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.preview.PreviewTestSupport;
import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Each test has its own organisation: the queue is per organisation and its positions matter. */
class CallQueueApiTest extends PreviewTestSupport {

    private final EventCodec codec = new EventCodec();

    @Autowired
    private CallQueue callQueue;

    @Autowired
    private PlatformTransactionManager transactionManager;

    private TransactionTemplate transactions;

    @BeforeEach
    void transactions() {
        transactions = new TransactionTemplate(transactionManager);
    }

    @Test
    void anAdminSeesTheWholeQueueInOrderAndARepItsOwnLeadsAndThePool() {
        Org org = newOrg();
        CreatedLead pool = hotLead(org, "Pat", null);
        CreatedLead rep1s = hotLead(org, "Quinn", org.rep1Id());
        CreatedLead rep2s = hotLead(org, "Robin", org.rep2Id());

        ApiClient.Response all = api().get("/api/call-queue", org.admin());
        assertThat(all.status()).isEqualTo(200);
        List<JsonNode> items = all.json().get("items").valueStream().toList();
        assertThat(items)
                .extracting(i -> i.get("leadId").asString())
                .containsExactly(
                        pool.id().toString(), rep1s.id().toString(), rep2s.id().toString());
        assertThat(items).extracting(i -> i.get("position").asLong()).containsExactly(1L, 2L, 3L);
        JsonNode first = items.get(0);
        assertThat(first.get("waitingSeconds").asLong()).isNotNegative();
        assertThat(first.get("joinedAt").asString()).isNotBlank();
        assertThat(first.get("lead").get("firstName").asString()).isEqualTo("Pat");
        assertThat(first.get("lead").get("company").asString()).isEqualTo("Pat Inc");
        assertThat(first.get("lead").get("status").asString()).isEqualTo("HOT");
        assertThat(first.get("lead").get("engagementScore").decimalValue()).isEqualByComparingTo("0.30");
        assertThat(first.get("claimedBy").isNull()).isTrue();

        List<JsonNode> rep1View = api().get("/api/call-queue", org.rep1())
                .json()
                .get("items")
                .valueStream()
                .toList();
        assertThat(rep1View)
                .extracting(i -> i.get("leadId").asString())
                .containsExactly(pool.id().toString(), rep1s.id().toString());
        assertThat(rep1View)
                .extracting(i -> i.get("position").asLong())
                .as("positions in the organisation's whole queue")
                .containsExactly(1L, 2L);

        Org other = newOrg();
        assertThat(api().get("/api/call-queue", other.admin())
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(api().get("/api/call-queue", null).status()).isEqualTo(401);
    }

    @Test
    void oneCallerAtATimeAndAPoolLeadGoesToItsCaller() {
        Org org = newOrg();
        CreatedLead lead = hotLead(org, "Sam", null);
        try (TopicProbe probe = TopicProbe.subscribe(Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES)) {
            ApiClient.Response claimed = claim(org.rep1(), lead.id());

            assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
            assertThat(claimed.json().get("claimedBy").asString())
                    .isEqualTo(org.rep1Id().toString());
            assertThat(claimed.json().get("claimedByName").asString()).isEqualTo("Rita Rep");
            assertThat(claimed.json().get("claimedAt").asString()).isNotBlank();
            assertThat(claimed.json().get("lead").get("assigneeId").asString())
                    .isEqualTo(org.rep1Id().toString());
            assertThat(api().get("/api/leads/" + lead.id(), org.rep1()).status())
                    .isEqualTo(200);
            assertThat(claim(org.rep1(), lead.id()).status())
                    .as("claiming again is harmless")
                    .isEqualTo(200);

            ApiClient.Response second = claim(org.rep2(), lead.id());
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.isProblem()).isTrue();
            assertThat(second.json().get("claimedBy").get("id").asString())
                    .isEqualTo(org.rep1Id().toString());
            assertThat(second.json().get("claimedBy").get("name").asString()).isEqualTo("Rita Rep");
            assertThat(claim(org.admin(), lead.id()).status()).isEqualTo(409);
            assertThat(api().get("/api/call-queue", org.rep2())
                            .json()
                            .get("items")
                            .get(0)
                            .get("claimedByName")
                            .asString())
                    .as("every rep sees who is calling a pool lead")
                    .isEqualTo("Rita Rep");

            ConsumerRecord<String, String> assigned = probe.await(
                    Topics.LEAD_EVENTS,
                    r -> r.key().equals(lead.id().toString())
                            && "lead.assigned".equals(TopicProbe.header(r, OutboxPublisher.HEADER_EVENT_TYPE)));
            LeadEvent.LeadAssigned event = (LeadEvent.LeadAssigned)
                    codec.decode(codec.readEnvelope(assigned.value())).orElseThrow();
            assertThat(event.previousAssigneeId()).isNull();
            assertThat(event.assigneeId()).isEqualTo(org.rep1Id());

            RealtimeMessage card = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("\"call_queue.updated\"")
                                            && r.value().contains("private-org-" + org.id())
                                            && r.value().contains("CLAIMED"))
                            .value(),
                    RealtimeMessage.class);
            assertThat(card.channels()).containsExactly("private-org-" + org.id());
            String cardJson = String.valueOf(card.data());
            assertThat(cardJson).contains("Sam", "Sam Inc").doesNotContain("@example.test");
            RealtimeMessage full = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("\"call_queue.updated\"")
                                            && r.value().contains("private-lead-" + lead.id())
                                            && r.value().contains("CLAIMED"))
                            .value(),
                    RealtimeMessage.class);
            assertThat(full.channels()).contains("private-user-" + org.rep1Id(), "private-user-" + org.adminId());
        }
    }

    @Test
    void onlyTheCallerCompletesTheCallWhichLeavesTheQueueAndIsOnTheTimeline() {
        Org org = newOrg();
        CreatedLead lead = hotLead(org, "Terry", org.rep1Id());
        Map<String, Object> outcome =
                Map.of("outcome", "CONNECTED", "notes", "Wants a demo <Tuesday>", "durationSeconds", 312);

        assertThat(complete(org.rep1(), lead.id(), outcome).status())
                .as("claim it first")
                .isEqualTo(409);
        assertThat(claim(org.rep1(), lead.id()).status()).isEqualTo(200);
        assertThat(complete(org.admin(), lead.id(), outcome).status())
                .as("not the caller")
                .isEqualTo(409);
        assertThat(complete(org.rep2(), lead.id(), outcome).status())
                .as("not the rep's lead")
                .isEqualTo(404);
        assertField(complete(org.rep1(), lead.id(), Map.of("outcome", "MAYBE", "durationSeconds", 1)), "outcome");
        assertField(complete(org.rep1(), lead.id(), Map.of("durationSeconds", 1)), "outcome");
        assertField(
                complete(org.rep1(), lead.id(), Map.of("outcome", "VOICEMAIL", "durationSeconds", -1)),
                "durationSeconds");
        assertField(complete(org.rep1(), lead.id(), Map.of("outcome", "VOICEMAIL")), "durationSeconds");
        assertField(
                complete(
                        org.rep1(),
                        lead.id(),
                        Map.of("outcome", "VOICEMAIL", "durationSeconds", 1, "notes", "x".repeat(4001))),
                "notes");

        try (TopicProbe probe = TopicProbe.subscribe(Topics.LEAD_EVENTS)) {
            ApiClient.Response done = complete(org.rep1(), lead.id(), outcome);

            assertThat(done.status()).as(done.body()).isEqualTo(204);
            assertThat(api().get("/api/call-queue", org.admin())
                            .json()
                            .get("items")
                            .size())
                    .isZero();
            Map<String, Object> activity = jdbc.sql(
                            "select actor_id, data::text as data from lead_activity where lead_id = ? and type = 'call.completed'")
                    .param(lead.id())
                    .query()
                    .singleRow();
            assertThat(activity.get("actor_id")).isEqualTo(org.rep1Id());
            assertThat((String) activity.get("data")).contains("CONNECTED", "312", "Wants a demo <Tuesday>");

            ConsumerRecord<String, String> completed = probe.await(
                    Topics.LEAD_EVENTS,
                    r -> r.key().equals(lead.id().toString())
                            && "lead.call_completed".equals(TopicProbe.header(r, OutboxPublisher.HEADER_EVENT_TYPE)));
            LeadEvent.CallCompleted event = (LeadEvent.CallCompleted)
                    codec.decode(codec.readEnvelope(completed.value())).orElseThrow();
            assertThat(event.outcome()).isEqualTo("CONNECTED");
            assertThat(event.durationSeconds()).isEqualTo(312);
            assertThat(event.repId()).isEqualTo(org.rep1Id());
        }
        assertThat(claim(org.rep1(), lead.id()).status()).as("no longer queued").isEqualTo(404);
        assertThat(complete(org.rep1(), lead.id(), outcome).status()).isEqualTo(404);
    }

    @Test
    void releasingAPoolCallHandsTheLeadBackAndAnAdminCanFreeAForgottenClaim() {
        Org org = newOrg();
        CreatedLead lead = hotLead(org, "Uma", null);
        assertThat(claim(org.rep1(), lead.id()).status()).isEqualTo(200);

        assertThat(release(org.rep2(), lead.id()).status()).as("not the holder").isEqualTo(409);
        ApiClient.Response released = release(org.rep1(), lead.id());

        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().get("claimedBy").isNull()).isTrue();
        assertThat(released.json().get("lead").get("assigneeId").isNull())
                .as("back in the pool")
                .isTrue();
        assertThat(leadRow(lead.id()).get("assignee_id")).isNull();
        assertThat(release(org.rep1(), lead.id()).status())
                .as("nothing to release")
                .isEqualTo(409);

        assertThat(claim(org.rep2(), lead.id()).status()).isEqualTo(200);
        ApiClient.Response freed = release(org.admin(), lead.id());
        assertThat(freed.status()).isEqualTo(200);
        assertThat(claim(org.rep1(), lead.id()).status()).isEqualTo(200);
    }

    @Test
    void aClaimedPoolLeadHandedToAnotherRepIsTheirsToCallAndTheFormerHolderLosesIt() {
        Org org = newOrg();
        CreatedLead lead = hotLead(org, "Vic", null);
        assertThat(claim(org.rep1(), lead.id()).status()).isEqualTo(200);

        ApiClient.Response patched = io.leadpulse.lead.TestTeam.patch(
                api(), "/api/leads/" + lead.id(), org.admin(), Map.of("assigneeId", org.rep2Id()));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(queuedIds(org.rep1()))
                .as("no longer in the pool, not rep1's")
                .doesNotContain(lead.id().toString());
        assertThat(release(org.rep1(), lead.id()).status()).isEqualTo(404);
        ApiClient.Response claimed = claim(org.rep2(), lead.id());
        assertThat(claimed.status())
                .as("the claim was dropped with the reassignment")
                .isEqualTo(200);
        assertThat(claimed.json().get("claimedBy").asString())
                .isEqualTo(org.rep2Id().toString());
        ApiClient.Response released = release(org.rep2(), lead.id());
        assertThat(released.json().get("lead").get("assigneeId").asString())
                .as("an assigned lead stays with its assignee when the call is given back")
                .isEqualTo(org.rep2Id().toString());
    }

    @Test
    void anotherOrganisationsOrAnotherRepsLeadIsNotFound() {
        Org org = newOrg();
        CreatedLead rep2s = hotLead(org, "Vic", org.rep2Id());
        Org other = newOrg();
        Map<String, Object> outcome = Map.of("outcome", "NO_ANSWER", "durationSeconds", 0);

        for (String token : List.of(other.admin(), other.rep1(), org.rep1())) {
            assertThat(claim(token, rep2s.id()).status()).isEqualTo(404);
            assertThat(release(token, rep2s.id()).status()).isEqualTo(404);
            assertThat(complete(token, rep2s.id(), outcome).status()).isEqualTo(404);
        }
        ApiClient.Response unknown = claim(org.admin(), UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
        assertThat(claim(org.rep2(), rep2s.id()).status()).isEqualTo(200);
    }

    @Test
    void aLeadThatIsWonOrDeletedLeavesTheQueueAndTheOrganisationIsTold() {
        Org org = newOrg();
        CreatedLead lead = hotLead(org, "Wes", null);
        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES)) {
            boolean left = transactions.execute(status -> callQueue.leave(org.id(), lead.id(), "won"));
            boolean again = transactions.execute(status -> callQueue.leave(org.id(), lead.id(), "won"));

            assertThat(left).isTrue();
            assertThat(again).isFalse();
            assertThat(api().get("/api/call-queue", org.rep1())
                            .json()
                            .get("items")
                            .size())
                    .isZero();
            RealtimeMessage card = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("private-org-" + org.id())
                                            && r.value().contains("REMOVED"))
                            .value(),
                    RealtimeMessage.class);
            assertThat(card.event()).isEqualTo("call_queue.updated");
        }
    }

    @Test
    void movingALeadOnFromHotOrDeletingItThroughTheApiTakesItOutOfTheQueue() {
        Org org = newOrg();
        CreatedLead won = hotLead(org, "Wynn", null);
        CreatedLead deleted = hotLead(org, "Dell", null);
        assertThat(queuedIds(org.admin()))
                .contains(won.id().toString(), deleted.id().toString());

        assertThat(api().post("/api/leads/" + won.id() + "/status", org.admin(), "{\"status\":\"WON\"}")
                        .status())
                .isEqualTo(200);
        assertThat(io.leadpulse.lead.TestTeam.delete(api(), "/api/leads/" + deleted.id(), org.admin())
                        .status())
                .isEqualTo(204);

        assertThat(queuedIds(org.admin()))
                .doesNotContain(won.id().toString(), deleted.id().toString());
    }

    private List<String> queuedIds(String token) {
        List<String> ids = new java.util.ArrayList<>();
        api().get("/api/call-queue", token)
                .json()
                .get("items")
                .forEach(item -> ids.add(item.get("leadId").asString()));
        return ids;
    }

    /** A lead made hot the way it happens: three views of its preview page. */
    private CreatedLead hotLead(Org org, String firstName, UUID assignee) {
        CreatedLead lead = createLead(org.admin(), firstName, firstName + " Inc", assignee);
        for (int i = 0; i < 3; i++) {
            assertThat(view(lead.previewToken()).status()).isEqualTo(204);
        }
        assertThat(leadRow(lead.id()).get("status")).isEqualTo("HOT");
        return lead;
    }

    private ApiClient.Response claim(String token, UUID leadId) {
        return api().post("/api/call-queue/" + leadId + "/claim", token, "");
    }

    private ApiClient.Response release(String token, UUID leadId) {
        return api().post("/api/call-queue/" + leadId + "/release", token, "");
    }

    private ApiClient.Response complete(String token, UUID leadId, Map<String, Object> body) {
        return api().postJson("/api/call-queue/" + leadId + "/complete", token, body);
    }

    private static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .as(response.body())
                .contains(field);
    }
}
