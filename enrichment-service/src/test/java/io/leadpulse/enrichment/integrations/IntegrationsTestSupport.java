package io.leadpulse.enrichment.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.leadpulse.enrichment.EnrichmentServiceTestSupport;
import io.leadpulse.enrichment.EnrichmentSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Helpers for the external platform sync tests: the GoHighLevel stand-in's stubs (token endpoint,
 * contacts pages, transactions), connecting through the real OAuth endpoints, and reading the
 * sync's rows and outbox. Same Spring context as every other test of the module.
 */
public abstract class IntegrationsTestSupport extends EnrichmentServiceTestSupport {

    @Autowired
    protected EnrichmentSettings settings;

    protected final UUID orgId = UUID.randomUUID();
    protected final UUID adminId = UUID.randomUUID();
    protected final UUID repId = UUID.randomUUID();
    /** This test class's GoHighLevel location: every stub is scoped to it. */
    protected final String location = "loc-" + UUID.randomUUID();

    protected String adminToken() {
        return token(adminId, orgId, "ADMIN");
    }

    /** The token endpoint answers an authorisation code with these tokens. */
    protected void stubCodeExchange(String code, String access, String refresh, long expiresIn) {
        PLATFORM.stubFor(post(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + code))
                .willReturn(json(tokenAnswer(access, refresh, expiresIn))));
    }

    protected String tokenAnswer(String access, String refresh, long expiresIn) {
        return """
                {"access_token": "%s", "token_type": "Bearer", "expires_in": %d, "refresh_token": "%s",
                 "scope": "contacts.readonly", "userType": "Location", "locationId": "%s"}
                """.formatted(access, expiresIn, refresh, location);
    }

    /** Connects through POST connect and GET callback; returns the connection id. */
    protected UUID connect(String access, String refresh, long expiresIn) {
        String code = "code-" + UUID.randomUUID();
        stubCodeExchange(code, access, refresh, expiresIn);
        String state = startConnect();
        var callback = api().get("/api/integrations/highlevel/callback?code=" + code + "&state=" + state, null);
        assertThat(callback.status()).as(callback.body()).isEqualTo(201);
        return UUID.fromString(callback.json().get("id").asString());
    }

    protected String startConnect() {
        var started = api().post("/api/integrations/highlevel/connect", adminToken(), "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return started.json().get("state").asString();
    }

    /** A contacts page for this location: {@code after} null for the first page. */
    protected MappingBuilder contactsPage(String after) {
        MappingBuilder page = get(urlPathEqualTo("/contacts/")).withQueryParam("locationId", equalTo(location));
        if (after == null) {
            page = page.withQueryParam("startAfterId", com.github.tomakehurst.wiremock.client.WireMock.absent());
        } else {
            page = page.withQueryParam("startAfterId", equalTo(after));
        }
        return page;
    }

    /** A GoHighLevel contacts answer; {@code last} says whether a next page exists. */
    protected static String contactsAnswer(List<String> ids, String version, boolean last) {
        List<String> contacts = new ArrayList<>();
        long added = 1_700_000_000_000L;
        String lastId = null;
        for (String id : ids) {
            added += 1000;
            contacts.add("""
                    {"id": "%s", "locationId": "x", "firstName": "First %s", "lastName": "Last %s",
                     "email": "%s@example.test", "phone": "+1 312 555 0100", "companyName": "Co %s",
                     "tags": ["synced"], "dateAdded": "2026-01-01T00:00:00Z", "dateUpdated": "%s"}
                    """.formatted(id, id, version, id.toLowerCase(), id, "2026-02-01T00:00:00Z"));
            lastId = id;
        }
        return """
                {"contacts": [%s], "meta": {"total": 99, "startAfterId": %s, "startAfter": %d, "nextPageUrl": %s}}
                """.formatted(
                String.join(",", contacts),
                lastId == null ? "null" : "\"" + lastId + "\"",
                added,
                last ? "null" : "\"https://services.leadconnectorhq.com/contacts/?startAfterId=" + lastId + "\"");
    }

    protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    protected Map<String, Object> syncState(UUID connectionId, String type) {
        return jdbc.sql("select * from sync_state where connection_id = ? and data_type = ?")
                .param(connectionId)
                .param(type)
                .query()
                .singleRow();
    }

    protected String syncStatus(UUID connectionId, String type) {
        return jdbc.sql("select status from sync_state where connection_id = ? and data_type = ?")
                .param(connectionId)
                .param(type)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /** The data type's sync has finished a run and waits for its next one. */
    protected boolean synced(UUID connectionId, String type) {
        return jdbc.sql("""
                        select count(*) from sync_state where connection_id = ? and data_type = ?
                        and status = 'IDLE' and last_completed_at is not null
                        """).param(connectionId).param(type).query(Long.class).single() == 1;
    }

    protected String connectionStatus(UUID connectionId) {
        return jdbc.sql("select status from integration_connection where id = ?")
                .param(connectionId)
                .query(String.class)
                .single();
    }

    /** Events of {@code type} the sync wrote for this connection, by external id (the outbox keeps them an hour). */
    protected List<String> emitted(String type, UUID connectionId) {
        return jdbc.sql("""
                        select payload -> 'data' ->> 'externalId' from outbox
                        where type = ? and payload -> 'data' ->> 'connectionId' = ? order by created_at, id
                        """)
                .param(type)
                .param(connectionId.toString())
                .query(String.class)
                .list();
    }

    protected List<JsonNode> realtime(String event, UUID connectionId) {
        return jdbc.sql("""
                        select payload::text from outbox where aggregatetype = 'realtime.messages'
                        and payload ->> 'event' = ? and payload -> 'data' ->> 'connectionId' = ?
                        order by created_at, id
                        """).param(event).param(connectionId.toString()).query(String.class).list().stream()
                .map(json -> codec.mapper().readTree(json))
                .toList();
    }

    /** Opens a sealed token column with the configured key, by hand (javax.crypto, as ADR 0016 says). */
    protected String decrypt(UUID connectionId, String column) throws Exception {
        Map<String, Object> row = jdbc.sql("select * from integration_connection where id = ?")
                .param(connectionId)
                .query()
                .singleRow();
        byte[] sealed = (byte[]) row.get(column);
        assertThat(row.get("token_key_id")).isEqualTo(settings.integrations().tokenKeyId());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(
                        Base64.getDecoder().decode(settings.integrations().tokenKey()), "AES"),
                new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD((connectionId + "/" + column.replace("_token", "")).getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
    }
}
