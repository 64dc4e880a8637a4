package io.leadpulse.lead.preview;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.platform.test.ApiClient;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Helpers for the preview, hot-lead and call-queue tests: an organisation of their own per test
 * class (so tests never see each other's leads or queue), leads created through the API, and
 * beacon events sent the way a page sends them, each from its own client address unless told.
 */
public abstract class PreviewTestSupport extends LeadServiceTestSupport {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** An organisation with an admin and two reps, logged in. */
    public record Org(UUID id, UUID adminId, String admin, UUID rep1Id, String rep1, UUID rep2Id, String rep2) {}

    /** A lead as created through the API. */
    public record CreatedLead(UUID id, String previewToken) {}

    protected Org newOrg() {
        UUID org = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name) values (?, ?)")
                .params(org, "Preview Co " + org)
                .update();
        UUID admin = user(org, "ADMIN", "Ada Admin");
        UUID rep1 = user(org, "REP", "Rita Rep");
        UUID rep2 = user(org, "REP", "Remy Rep");
        return new Org(
                org, admin, token(admin, org, "ADMIN"), rep1, token(rep1, org, "REP"), rep2, token(rep2, org, "REP"));
    }

    protected CreatedLead createLead(String token, String firstName, String company, UUID assigneeId) {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", firstName);
        body.put("company", company);
        body.put("email", "lead-" + UUID.randomUUID() + "@example.test");
        if (assigneeId != null) {
            body.put("assigneeId", assigneeId.toString());
        }
        ApiClient.Response created = api().postJson("/api/leads", token, body);
        if (created.status() != 201) {
            throw new IllegalStateException("lead not created: " + created.status() + " " + created.body());
        }
        return new CreatedLead(
                UUID.fromString(created.json().get("id").asString()),
                created.json().get("previewToken").asString());
    }

    /** A beacon event from a fresh client address. */
    protected ApiClient.Response beacon(String previewToken, String json) {
        return beacon(previewToken, json, nextAddress());
    }

    protected ApiClient.Response beacon(String previewToken, String json, String clientAddress) {
        HttpRequest request = api().request("/p/" + previewToken + "/events", null)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("X-Forwarded-For", clientAddress)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return api().send(request);
    }

    protected ApiClient.Response view(String previewToken) {
        return beacon(previewToken, "{\"type\":\"VIEW\",\"clientEventId\":\"" + UUID.randomUUID() + "\"}");
    }

    protected static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    protected Map<String, Object> leadRow(UUID leadId) {
        return jdbc.sql("select * from lead where id = ?").param(leadId).query().singleRow();
    }

    private UUID user(UUID org, String role, String name) {
        UUID id = UUID.randomUUID();
        // Tokens are signed directly (below), so the password hash is never checked.
        jdbc.sql("insert into app_user (id, org_id, email, password_hash, name, role) values (?, ?, ?, 'unused', ?, ?)")
                .params(id, org, id + "@preview.test", name, role)
                .update();
        return id;
    }

    private static String token(UUID userId, UUID orgId, String role) {
        return signedToken(userId, orgId, role, Instant.now().plusSeconds(3600));
    }
}
