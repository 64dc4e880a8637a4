package io.leadpulse.lead.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Modes against existing leads, the quota, cancel, the mapping flow, and who may do what. */
class ImportJobTest extends ImportTestSupport {

    private final EventCodec codec = new EventCodec();

    /** Each mode on a file that overlaps the organisation's leads: Ann exists by email, Ben by phone. */
    private record Overlap(TestOrg org, String ann, String annId, String benId, String csv) {}

    private Overlap overlap() {
        TestOrg org = newOrg();
        String ann = "ann-" + UUID.randomUUID() + "@example.test";
        String annId = api().postJson("/api/leads", org.admin(), Map.of("firstName", "Ann", "email", ann))
                .json()
                .get("id")
                .asString();
        String benId = api().postJson("/api/leads", org.admin(), Map.of("firstName", "Ben", "phone", "+14155550101"))
                .json()
                .get("id")
                .asString();
        String csv = "First Name,Last Name,Email,Phone\n"
                + "Annie,Smith," + ann.toUpperCase() + ",\n"
                + "Benny,Jones,,415-555-0101\n"
                + "Cat,New,cat-" + UUID.randomUUID() + "@example.test,\n";
        return new Overlap(org, ann, annId, benId, csv);
    }

    @Test
    void createOnlyRefusesRowsOfExistingLeads() {
        Overlap o = overlap();
        JsonNode done = run(o.org().admin(), o.csv(), "CREATE_ONLY");

        assertCounts(done, "COMPLETED", 1, 0, 0, 2);
        assertThat(api().get(
                                "/api/leads/imports/" + done.get("id").asString() + "/errors.csv",
                                o.org().admin())
                        .body())
                .contains("email: a lead with this email already exists")
                .contains("phone: a lead with this phone already exists");
        assertThat(firstName(o.annId())).isEqualTo("Ann");
        assertThat(leadCount(o.org().id())).isEqualTo(3);
    }

    @Test
    void skipDuplicatesSkipsThemQuietly() {
        Overlap o = overlap();
        JsonNode done = run(o.org().admin(), o.csv(), "SKIP_DUPLICATES");

        assertCounts(done, "COMPLETED", 1, 0, 2, 0);
        assertThat(firstName(o.annId())).isEqualTo("Ann");
    }

    @Test
    void upsertByEmailUpdatesTheLeadWithThatEmailAndPublishesLeadUpdated() {
        Overlap o = overlap();
        try (TopicProbe probe = TopicProbe.subscribe(Topics.LEAD_EVENTS)) {
            JsonNode done = run(o.org().admin(), o.csv(), "UPSERT_BY_EMAIL");

            // Ben's row has no email: it would create a lead with Ben's phone, so it fails.
            assertCounts(done, "COMPLETED", 1, 1, 0, 1);
            assertThat(firstName(o.annId())).isEqualTo("Annie");
            assertThat(firstName(o.benId())).isEqualTo("Ben");
            EventEnvelope updated = codec.readEnvelope(probe.await(
                            Topics.LEAD_EVENTS,
                            r -> o.annId().equals(r.key()) && r.value().contains("lead.updated"))
                    .value());
            LeadEvent.LeadUpdated event =
                    (LeadEvent.LeadUpdated) codec.decode(updated).orElseThrow();
            assertThat(event.changedFields()).containsExactly("firstName", "lastName");
            assertThat(event.email()).isEqualTo(o.ann());
        }
    }

    @Test
    void upsertByPhoneUpdatesTheLeadWithThatPhone() {
        Overlap o = overlap();
        JsonNode done = run(o.org().admin(), o.csv(), "UPSERT_BY_PHONE");

        // Ann's row has no phone and Ann's email: it fails; Ben is updated; Cat is new.
        assertCounts(done, "COMPLETED", 1, 1, 0, 1);
        assertThat(firstName(o.benId())).isEqualTo("Benny");
        assertThat(firstName(o.annId())).isEqualTo("Ann");
    }

    @Test
    void theImportStopsAtThePlanLimitAndSaysHowManyWereLeftOut() {
        TestOrg org = newOrg();
        jdbc.sql(
                        "insert into org_quota (org_id, plan, plan_status, lead_limit, lead_count) values (?, 'trial', 'trialing', 5, 0)")
                .param(org.id())
                .update();
        StringBuilder csv = new StringBuilder("First Name,Email\n");
        for (int i = 0; i < 8; i++) {
            csv.append("L")
                    .append(i)
                    .append(",l")
                    .append(i)
                    .append("-")
                    .append(org.id())
                    .append("@example.test\n");
        }

        JsonNode done = run(org.admin(), csv.toString(), null);

        assertCounts(done, "STOPPED_AT_QUOTA", 5, 0, 0, 0);
        assertThat(done.get("leftOut").asLong()).isEqualTo(3);
        assertThat(leadCount(org.id())).isEqualTo(5);
        assertThat(outboxCount(org.id(), "lead.created")).isEqualTo(5);
        JsonNode usage = api().get("/api/usage", org.admin()).json();
        assertThat(usage.get("used").asInt()).isEqualTo(5);
        assertThat(usage.get("percent").asInt()).isEqualTo(100);
    }

    @Test
    void cancelStopsARunningImportBetweenBatchesAndAnAnalysedOneAtOnce() {
        TestOrg org = newOrg();
        jdbc.sql(
                        "insert into org_quota (org_id, plan, plan_status, lead_limit, lead_count) values (?, 'test', 'active', 100000, 0)")
                .param(org.id())
                .update();
        StringBuilder csv = new StringBuilder("First Name,Email\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append("L")
                    .append(i)
                    .append(",c")
                    .append(i)
                    .append("-")
                    .append(org.id())
                    .append("@example.test\n");
        }
        ApiClient.Response accepted = upload(org.admin(), csv.toString(), Map.of());
        String id = accepted.json().get("id").asString();

        ApiClient.Response cancel = api().post("/api/leads/imports/" + id + "/cancel", org.admin(), "");
        assertThat(cancel.status()).isEqualTo(202);
        JsonNode done = awaitFinished(org.admin(), id);

        assertThat(done.get("status").asString()).isEqualTo("CANCELLED");
        long created = done.get("created").asLong();
        assertThat(created).isLessThan(30_000).isEqualTo(leadCount(org.id()));
        assertThat(done.get("leftOut").asLong())
                .isEqualTo(30_000 - done.get("processed").asLong());

        String analysed = upload(
                        org.admin(),
                        "First Name,Email\nA,a-" + UUID.randomUUID() + "@example.test\n",
                        Map.of("start", "false"))
                .json()
                .get("id")
                .asString();
        assertThat(api().post("/api/leads/imports/" + analysed + "/cancel", org.admin(), "")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CANCELLED");
        assertThat(api().post("/api/leads/imports/" + analysed + "/start", org.admin(), "")
                        .status())
                .isEqualTo(409);
        assertThat(leadCount(org.id())).isEqualTo(created);
    }

    @Test
    void anAnalysedImportTakesAnOverriddenMappingAndModeThenStarts() {
        TestOrg org = newOrg();
        String email = "v-" + UUID.randomUUID() + "@example.test";
        String csv = "Vorname,Mail Adresse,Firma\nVera," + email + ",Acme\n";

        ApiClient.Response analysed = upload(org.admin(), csv, Map.of("start", "false"));
        assertThat(analysed.status()).isEqualTo(202);
        String id = analysed.json().get("id").asString();
        assertThat(analysed.json().get("status").asString()).isEqualTo("ANALYSED");
        assertThat(analysed.json().get("sampleRows").get(0).get(0).asString()).isEqualTo("Vera");

        ApiClient.Response incomplete = api().post("/api/leads/imports/" + id + "/start", org.admin(), "");
        assertThat(incomplete.status()).isEqualTo(422);
        assertThat(incomplete.json().get("errors").get(0).get("field").asString())
                .isEqualTo("email");

        ApiClient.Response badField = put(org.admin(), id, "{\"mapping\": {\"Vorname\": \"nickname\"}}");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().get("errors").get(0).get("field").asString()).isEqualTo("mapping");
        ApiClient.Response badColumn = put(org.admin(), id, "{\"mapping\": {\"Nope\": \"firstName\"}}");
        assertThat(badColumn.status()).isEqualTo(400);

        ApiClient.Response mapped = put(
                org.admin(),
                id,
                "{\"mapping\": {\"Vorname\": \"firstName\", \"Mail Adresse\": \"email\", \"Firma\": \"company\"},"
                        + " \"mode\": \"SKIP_DUPLICATES\"}");
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        assertThat(mapped.json().get("mode").asString()).isEqualTo("SKIP_DUPLICATES");

        assertThat(api().post("/api/leads/imports/" + id + "/start", org.admin(), "")
                        .status())
                .isEqualTo(202);
        assertCounts(awaitFinished(org.admin(), id), "COMPLETED", 1, 0, 0, 0);
        assertThat(api().post("/api/leads/imports/" + id + "/start", org.admin(), "")
                        .status())
                .isEqualTo(409);
        assertThat(put(org.admin(), id, "{\"mode\": \"CREATE_ONLY\"}").status()).isEqualTo(409);
    }

    @Test
    void aRepImportsLeadsAssignedToItselfAndSeesOnlyItsOwnImportsAndNoOrgSeesAnothers() {
        TestOrg org = newOrg();
        String repImport = upload(
                        org.rep(), "First Name,Email\nRia,ria-" + UUID.randomUUID() + "@example.test\n", Map.of())
                .json()
                .get("id")
                .asString();
        assertCounts(awaitFinished(org.rep(), repImport), "COMPLETED", 1, 0, 0, 0);
        assertThat(jdbc.sql("select assignee_id from lead where org_id = ?")
                        .param(org.id())
                        .query(UUID.class)
                        .single())
                .isEqualTo(org.repId());
        String adminImport = upload(
                        org.admin(),
                        "First Name,Email\nAli,ali-" + UUID.randomUUID() + "@example.test\n",
                        Map.of("start", "false"))
                .json()
                .get("id")
                .asString();

        // The admin sees both; the rep only its own.
        assertThat(api().get("/api/leads/imports/" + repImport, org.admin()).status())
                .isEqualTo(200);
        assertThat(api().get("/api/leads/imports", org.admin())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(2);
        assertThat(api().get("/api/leads/imports", org.rep())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
        assertThat(api().get("/api/leads/imports/" + repImport + "/errors.csv", org.rep())
                        .status())
                .isEqualTo(200);
        assertNotFoundEverywhere(org.rep(), adminImport);

        // Another organisation sees neither, on every endpoint.
        String other = newOrg().admin();
        assertNotFoundEverywhere(other, adminImport);
        assertNotFoundEverywhere(other, repImport);
        assertThat(api().get("/api/leads/imports", other).json().get("items").size())
                .isZero();
        assertThat(api().get("/api/leads/imports/" + adminImport, org.admin())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ANALYSED");
    }

    @Test
    void aRepUpsertsOnlyLeadsAssignedToIt() {
        TestOrg org = newOrg();
        String email = "own-" + UUID.randomUUID() + "@example.test";
        api().postJson("/api/leads", org.admin(), Map.of("firstName", "Adm", "email", email));

        JsonNode done = run(org.rep(), "First Name,Email\nRep," + email + "\n", "UPSERT_BY_EMAIL");

        assertCounts(done, "COMPLETED", 0, 0, 0, 1);
        assertThat(api().get("/api/leads/imports/" + done.get("id").asString() + "/errors.csv", org.rep())
                        .body())
                .contains("email: a lead with this email exists and is not assigned to you");
    }

    @Test
    void unauthenticatedAndBadParametersAreRefused() {
        TestOrg org = newOrg();
        assertThat(upload(null, "First Name,Email\nA,a@example.test\n", Map.of())
                        .status())
                .isEqualTo(401);
        ApiClient.Response badMode =
                upload(org.admin(), "First Name,Email\nA,a@example.test\n", Map.of("mode", "MERGE"));
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.json().get("errors").get(0).get("field").asString()).isEqualTo("mode");
        ApiClient.Response badMapping =
                upload(org.admin(), "First Name,Email\nA,a@example.test\n", Map.of("mapping", "[1,2]"));
        assertThat(badMapping.status()).isEqualTo(400);
        assertThat(badMapping.json().get("errors").get(0).get("field").asString())
                .isEqualTo("mapping");
        assertThat(leadCount(org.id())).isZero();
    }

    private void assertNotFoundEverywhere(String token, String id) {
        String base = "/api/leads/imports/" + id;
        assertThat(api().get(base, token).status()).isEqualTo(404);
        assertThat(api().get(base + "/errors.csv", token).status()).isEqualTo(404);
        assertThat(put(token, id, "{\"mode\": \"CREATE_ONLY\"}").status()).isEqualTo(404);
        assertThat(api().post(base + "/start", token, "").status()).isEqualTo(404);
        assertThat(api().post(base + "/cancel", token, "").status()).isEqualTo(404);
    }

    private ApiClient.Response put(String token, String id, String json) {
        return api().send(api().request("/api/leads/imports/" + id + "/mapping", token)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private JsonNode run(String token, String csv, String mode) {
        ApiClient.Response accepted = upload(token, csv, mode == null ? Map.of() : Map.of("mode", mode));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return awaitFinished(token, accepted.json().get("id").asString());
    }

    private String firstName(String leadId) {
        return jdbc.sql("select first_name from lead where id = ?::uuid")
                .param(leadId)
                .query(String.class)
                .single();
    }

    private static void assertCounts(
            JsonNode job, String status, long created, long updated, long skipped, long failed) {
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo(status);
        assertThat(job.get("created").asLong()).as(job.toString()).isEqualTo(created);
        assertThat(job.get("updated").asLong()).as(job.toString()).isEqualTo(updated);
        assertThat(job.get("skipped").asLong()).as(job.toString()).isEqualTo(skipped);
        assertThat(job.get("failed").asLong()).as(job.toString()).isEqualTo(failed);
    }
}
