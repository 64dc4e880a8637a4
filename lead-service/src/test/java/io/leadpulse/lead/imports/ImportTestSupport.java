package io.leadpulse.lead.imports;

import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.platform.test.ApiClient;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Organisations of their own per test, and multipart uploads, for import and usage tests. */
public abstract class ImportTestSupport extends LeadServiceTestSupport {

    private static final Set<String> FINAL = Set.of("COMPLETED", "STOPPED_AT_QUOTA", "CANCELLED", "FAILED");

    /** A fresh organisation with an ADMIN and a REP, logged in. */
    protected record TestOrg(UUID id, UUID adminId, String admin, UUID repId, String rep) {}

    protected TestOrg newOrg() {
        UUID org = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name) values (?, 'Import Co')")
                .param(org)
                .update();
        UUID adminId = UUID.randomUUID();
        UUID repId = UUID.randomUUID();
        String adminEmail = "admin-" + adminId + "@import.test";
        String repEmail = "rep-" + repId + "@import.test";
        String hash = passwords.encode("import-pass");
        jdbc.sql(
                        "insert into app_user (id, org_id, email, password_hash, name, role) values (?, ?, ?, ?, 'Ana', 'ADMIN')")
                .params(adminId, org, adminEmail, hash)
                .update();
        jdbc.sql(
                        "insert into app_user (id, org_id, email, password_hash, name, role) values (?, ?, ?, ?, 'Rui', 'REP')")
                .params(repId, org, repEmail, hash)
                .update();
        return new TestOrg(org, adminId, login(adminEmail, "import-pass"), repId, login(repEmail, "import-pass"));
    }

    protected ApiClient.Response upload(String token, String csv, Map<String, String> fields) {
        return upload(token, csv.getBytes(StandardCharsets.UTF_8), "leads.csv", fields);
    }

    protected ApiClient.Response upload(String token, byte[] file, String fileName, Map<String, String> fields) {
        String boundary = "----import" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> parts = new LinkedHashMap<>(fields);
        parts.forEach((name, value) -> write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                        + "\r\n"));
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: text/csv\r\n\r\n");
        body.writeBytes(file);
        write(body, "\r\n--" + boundary + "--\r\n");
        return api().send(api().request("/api/leads/imports", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    /** Waits for the import to reach a final status and answers it. */
    protected JsonNode awaitFinished(String token, String importId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = api().get("/api/leads/imports/" + importId, token).json();
            return FINAL.contains(last[0].get("status").asString());
        });
        return last[0];
    }

    protected long leadCount(UUID orgId) {
        return jdbc.sql("select count(*) from lead where org_id = ?")
                .param(orgId)
                .query(Long.class)
                .single();
    }

    protected long outboxCount(UUID orgId, String type) {
        return jdbc.sql("select count(*) from outbox where type = ? and payload::text like ?")
                .params(type, "%" + orgId + "%")
                .query(Long.class)
                .single();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
