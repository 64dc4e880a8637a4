package io.leadpulse.lead.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The acceptance list of bad (and awkward but valid) files, each with its exact error. */
class ImportFileTest extends ImportTestSupport {

    private final EventCodec codec = new EventCodec();

    @Test
    void bomSemicolonsAndQuotedNewlinesAreReadAndEachCreatedLeadHasItsEventAndProgressIsPushedToTheOrg() {
        TestOrg org = newOrg();
        String email = "ada-" + UUID.randomUUID() + "@example.test";
        String csv = "\uFEFFFirst Name;Last Name;E-mail;Mobile;Company;Tags\r\n"
                + "Ada;Lovelace;" + email.toUpperCase()
                + ";+1 415 555 0132;\"Analytical; \"\"Engines\"\"\nLtd\";VIP, conference\r\n"
                + "\r\n"
                + "Grace;Hopper;;(415) 555-0199;Navy;\r\n";
        try (TopicProbe probe = TopicProbe.subscribe(Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES)) {
            ApiClient.Response accepted = upload(org.admin(), csv, Map.of());

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            JsonNode job = accepted.json();
            String id = job.get("id").asString();
            assertThat(accepted.headers().firstValue("Location")).hasValue("/api/leads/imports/" + id);
            assertThat(job.get("delimiter").asString()).isEqualTo(";");
            assertThat(job.get("headers").get(0).asString()).isEqualTo("First Name");
            assertThat(job.get("totalRows").asLong()).isEqualTo(2);
            assertThat(job.get("suggestedMapping").get("First Name").asString()).isEqualTo("firstName");
            assertThat(job.get("suggestedMapping").get("E-mail").asString()).isEqualTo("email");
            assertThat(job.get("suggestedMapping").get("Mobile").asString()).isEqualTo("phone");
            assertThat(job.get("suggestedMapping").get("Company").asString()).isEqualTo("company");
            assertThat(job.get("suggestedMapping").get("Tags").asString()).isEqualTo("tags");
            assertThat(job.get("sampleRows").get(0).get(4).asString()).isEqualTo("Analytical; \"Engines\"\nLtd");

            JsonNode done = awaitFinished(org.admin(), id);
            assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(done.get("created").asLong()).isEqualTo(2);
            assertThat(done.get("failed").asLong()).isZero();

            var ada = jdbc.sql(
                            "select id, email, phone, company, tags::text, source from lead where org_id = ? and first_name = 'Ada'")
                    .param(org.id())
                    .query()
                    .singleRow();
            assertThat(ada.get("email")).isEqualTo(email);
            assertThat(ada.get("phone")).isEqualTo("+14155550132");
            assertThat(ada.get("company")).isEqualTo("Analytical; \"Engines\"\nLtd");
            assertThat(ada.get("tags")).isEqualTo("{vip,conference}");
            assertThat(ada.get("source")).isEqualTo("import");

            String leadId = ada.get("id").toString();
            ConsumerRecord<String, String> event = probe.awaitKey(Topics.LEAD_EVENTS, leadId);
            EventEnvelope envelope = codec.readEnvelope(event.value());
            assertThat(envelope.type()).isEqualTo("lead.created");
            LeadEvent.LeadCreated created =
                    (LeadEvent.LeadCreated) codec.decode(envelope).orElseThrow();
            assertThat(created.source()).isEqualTo("import");
            assertThat(created.createdBy()).isEqualTo(org.adminId());

            ConsumerRecord<String, String> progress = probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains(id) && r.value().contains("import.progress"));
            RealtimeMessage message = codec.read(progress.value(), RealtimeMessage.class);
            assertThat(message.channels()).containsExactly("private-org-" + org.id());
            assertThat(progress.value()).doesNotContain(email).doesNotContain("Lovelace");
            ConsumerRecord<String, String> imported = probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains(id) && r.value().contains("leads.imported"));
            assertThat(codec.read(imported.value(), RealtimeMessage.class).channels())
                    .containsExactly("private-user-" + org.adminId());
            assertThat(imported.value()).contains("\"created\":2").doesNotContain(email);
            ConsumerRecord<String, String> finished = probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains(id) && r.value().contains("import.finished"));
            assertThat(finished.value()).contains("\"created\":2");
            ConsumerRecord<String, String> summary = probe.await(
                    Topics.LEAD_EVENTS, r -> id.equals(r.key()) && r.value().contains("lead.import_finished"));
            assertThat(summary.value()).contains("COMPLETED");
        }
    }

    @Test
    void aZeroByteFileIsRefused() {
        TestOrg org = newOrg();
        assertFatal(
                org,
                upload(org.admin(), new byte[0], "empty.csv", Map.of()),
                400,
                "empty-file",
                "The file is empty (0 bytes).");
    }

    @Test
    void aHeaderOnlyFileIsRefused() {
        TestOrg org = newOrg();
        assertFatal(
                org,
                upload(org.admin(), "First Name,Email\r\n", Map.of()),
                400,
                "no-rows",
                "The file has a header row but no rows to import.");
    }

    @Test
    void aFileWithoutHeaderIsRefusedUnlessTheMappingNamesColumnsByPosition() {
        TestOrg org = newOrg();
        String csv = "Ada,ada-" + UUID.randomUUID() + "@example.test,Acme\nBob,bob-" + UUID.randomUUID()
                + "@example.test,Acme\n";

        ApiClient.Response refused = upload(org.admin(), csv, Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:leadpulse:problem:no-header");
        assertThat(refused.json().get("detail").asString()).contains("Add a header row", "#1");
        assertThat(leadCount(org.id())).isZero();

        ApiClient.Response accepted = upload(
                org.admin(), csv, Map.of("mapping", "{\"#1\": \"firstName\", \"#2\": \"email\", \"#3\": \"company\"}"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("hasHeader").asBoolean()).isFalse();
        JsonNode done = awaitFinished(org.admin(), accepted.json().get("id").asString());
        assertThat(done.get("created").asLong()).isEqualTo(2);
    }

    @Test
    void aMissingRequiredColumnIs422NamingIt() {
        TestOrg org = newOrg();
        ApiClient.Response noName = upload(org.admin(), "Email,Company\nx@example.test,Acme\n", Map.of());
        assertFatal(org, noName, 422, "missing-column", null);
        assertThat(noName.json().get("errors").get(0).get("field").asString()).isEqualTo("firstName");

        ApiClient.Response noContact = upload(org.admin(), "First Name,Company\nAda,Acme\n", Map.of());
        assertFatal(org, noContact, 422, "missing-column", null);
        assertThat(noContact.json().get("errors").get(0).get("field").asString())
                .isEqualTo("email");
    }

    @Test
    void aNonUtf8FileIsRefusedWithTheLineAndByte() {
        TestOrg org = newOrg();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("First Name,Email\nAda,ada@example.test\n".getBytes(StandardCharsets.UTF_8));
        int offset = file.size();
        file.writeBytes("J".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("\u00fcrgen,j@example.test\n".getBytes(StandardCharsets.ISO_8859_1));

        ApiClient.Response refused = upload(org.admin(), file.toByteArray(), "latin1.csv", Map.of());

        assertFatal(
                org,
                refused,
                400,
                "not-utf8",
                "The file is not UTF-8: invalid byte sequence on line 3 (byte offset " + (offset + 1)
                        + "). Save it as \"CSV UTF-8\" and upload it again.");
        assertThat(refused.json().get("line").asLong()).isEqualTo(3);
        assertThat(refused.json().get("byte").asLong()).isEqualTo(offset + 1);
    }

    @Test
    void aBinaryFileRenamedCsvIsRefused() {
        TestOrg org = newOrg();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};

        ApiClient.Response refused = upload(org.admin(), png, "photo.csv", Map.of());

        assertFatal(
                org,
                refused,
                400,
                "binary-file",
                "The file is not a text CSV file: it contains NUL bytes (first at byte 8). Export the sheet as CSV"
                        + " (UTF-8) and upload that.");
    }

    @Test
    void aFatalErrorFarIntoALargeFileLeavesNoPartialImport() {
        TestOrg org = newOrg();
        StringBuilder csv = new StringBuilder("First Name,Email\n");
        for (int i = 0; i < 2500; i++) {
            csv.append("Lead")
                    .append(i)
                    .append(",lead")
                    .append(i)
                    .append("-")
                    .append(org.id())
                    .append("@example.test\n");
        }
        byte[] good = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[good.length + 6];
        System.arraycopy(good, 0, file, 0, good.length);
        System.arraycopy(new byte[] {'Z', (byte) 0xE9, ',', 'z', '\n', '\n'}, 0, file, good.length, 6);

        ApiClient.Response refused = upload(org.admin(), file, "big.csv", Map.of());

        assertFatal(org, refused, 400, "not-utf8", null);
        assertThat(refused.json().get("line").asLong()).isEqualTo(2502);
    }

    @Test
    void rowErrorsAreReportedPerRowAndInErrorsCsv() {
        TestOrg org = newOrg();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String csv = "First Name,Email,Phone\n"
                + "Ada,Ada." + tag + "@Example.test,\n" // row 2: created
                + "Ada2,ADA." + tag + "@EXAMPLE.TEST,\n" // row 3: same email in another case
                + "Bob,,12\n" // row 4: invalid phone
                + "Cy,not-an-email,\n" // row 5: invalid email
                + ",nameless-" + tag + "@example.test,\n" // row 6: no first name
                + "Dee,,\n" // row 7: no contact
                + "Eve,,+44 20 7946 0958\n" // row 8: valid UK number
                + "Fay,,\"+44 (0)20 7946 0958\"\n"; // row 9: the same number written differently

        ApiClient.Response accepted = upload(org.admin(), csv, Map.of());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        JsonNode done = awaitFinished(org.admin(), id);

        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("created").asLong()).isEqualTo(2);
        assertThat(done.get("failed").asLong()).isEqualTo(6);
        assertThat(done.get("processed").asLong()).isEqualTo(8);
        assertThat(leadCount(org.id())).isEqualTo(2);

        ApiClient.Response errors = api().get("/api/leads/imports/" + id + "/errors.csv", org.admin());
        assertThat(errors.status()).isEqualTo(200);
        assertThat(errors.contentType()).startsWith("text/csv");
        assertThat(errors.body().split("\r\n"))
                .containsExactly(
                        "First Name,Email,Phone,error",
                        "Ada2,ADA." + tag + "@EXAMPLE.TEST,,email: duplicate of row 2 in this file",
                        "Bob,,12,phone: '12' is not a valid phone number (region US)",
                        "Cy,not-an-email,,email: 'not-an-email' is not a valid email address",
                        // commons-csv quotes an empty first cell: still the same record
                        "\"\",nameless-" + tag + "@example.test,,firstName: is required",
                        "Dee,,,email or phone: one of them is required",
                        "Fay,,+44 (0)20 7946 0958,phone: duplicate of row 8 in this file");
    }

    private void assertFatal(TestOrg org, ApiClient.Response response, int status, String slug, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("type").asString()).isEqualTo("urn:leadpulse:problem:" + slug);
        if (detail != null) {
            assertThat(response.json().get("detail").asString()).isEqualTo(detail);
        }
        assertThat(leadCount(org.id())).isZero();
        assertThat(outboxCount(org.id(), "lead.created")).isZero();
        assertThat(jdbc.sql("select count(*) from lead_import where org_id = ?")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
