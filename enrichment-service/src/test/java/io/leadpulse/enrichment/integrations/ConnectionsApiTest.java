package io.leadpulse.enrichment.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OAuth connect and callback, tokens sealed at rest, who may do what. */
class ConnectionsApiTest extends IntegrationsTestSupport {

    @Test
    void aCallbackStoresTheTokensEncryptedAndTheApiNeverShowsThem() throws Exception {
        var started = api().post("/api/integrations/highlevel/connect", adminToken(), "");
        assertThat(started.status()).isEqualTo(200);
        URI authorize = URI.create(started.json().get("authorizeUrl").asString());
        String state = started.json().get("state").asString();
        assertThat(authorize.getHost()).isEqualTo("marketplace.example.test");
        assertThat(authorize.getQuery())
                .contains("client_id=test-client")
                .contains("response_type=code")
                .contains("state=" + state)
                .contains("redirect_uri=http://localhost:8080/api/integrations/highlevel/callback");

        String code = "code-" + UUID.randomUUID();
        stubCodeExchange(code, "access-secret-1", "refresh-secret-1", 86_399);
        var callback = api().get("/api/integrations/highlevel/callback?code=" + code + "&state=" + state, null);
        assertThat(callback.status()).as(callback.body()).isEqualTo(201);
        UUID id = UUID.fromString(callback.json().get("id").asString());
        assertThat(callback.json().get("status").asString()).isEqualTo("CONNECTED");
        assertThat(callback.json().get("externalAccount").asString()).isEqualTo(location);
        PLATFORM.verify(postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("code=" + code))
                .withRequestBody(containing("client_secret=test-secret"))
                .withRequestBody(containing("user_type=Location")));

        Map<String, Object> row = jdbc.sql("select * from integration_connection where id = ?")
                .param(id)
                .query()
                .singleRow();
        byte[] access = (byte[]) row.get("access_token");
        assertThat(new String(access, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("access-secret-1");
        assertThat(access.length).isEqualTo(12 + "access-secret-1".length() + 16);
        assertThat(decrypt(id, "access_token")).isEqualTo("access-secret-1");
        assertThat(decrypt(id, "refresh_token")).isEqualTo("refresh-secret-1");

        for (String path :
                new String[] {"/api/integrations", "/api/integrations/" + id, "/api/integrations/" + id + "/sync"}) {
            var asAdmin = api().get(path, adminToken());
            assertThat(asAdmin.status()).isEqualTo(200);
            assertThat(asAdmin.body()).doesNotContain("secret-1");
            var asRep = api().get(path, token(repId, orgId, "REP"));
            assertThat(asRep.status()).isEqualTo(200);
            assertThat(asRep.body()).doesNotContain("secret-1");
        }
        JsonNode list = api().get("/api/integrations", adminToken()).json();
        assertThat(list.at("/providers/0/provider").asString()).isEqualTo("highlevel");
        assertThat(list.at("/providers/0/configured").asBoolean()).isTrue();
        assertThat(list.at("/connections/0/id").asString()).isEqualTo(id.toString());
        assertThat(list.at("/connections/0/sync").size()).isEqualTo(2);
    }

    @Test
    void aStateIsSingleUseAndAForgedOrExpiredOneIsRefusedNamingState() {
        String code = "code-" + UUID.randomUUID();
        stubCodeExchange(code, "a", "r", 3600);
        String state = startConnect();
        assertThat(api().get("/api/integrations/highlevel/callback?code=" + code + "&state=" + state, null)
                        .status())
                .isEqualTo(201);

        var reused = api().get("/api/integrations/highlevel/callback?code=" + code + "&state=" + state, null);
        assertNamesState(reused);
        assertNamesState(api().get(
                        "/api/integrations/highlevel/callback?code=" + code + "&state=forged-" + UUID.randomUUID(),
                        null));
        assertNamesState(api().get("/api/integrations/highlevel/callback?code=" + code, null));

        String expiring = startConnect();
        clock.advance(settings.integrations().stateTtl().plus(Duration.ofSeconds(1)));
        assertNamesState(api().get("/api/integrations/highlevel/callback?code=" + code + "&state=" + expiring, null));
    }

    @Test
    void aCodeThePlatformRefusesIsA400NamingCode() {
        PLATFORM.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("code=bad-code"))
                .willReturn(json("{\"error\": \"invalid_grant\", \"error_description\": \"code expired\"}")
                        .withStatus(400)));
        String state = startConnect();
        var refused = api().get("/api/integrations/highlevel/callback?code=bad-code&state=" + state, null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("code");
        assertThat(jdbc.sql("select count(*) from integration_connection where org_id = ?")
                        .param(orgId)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aRepCannotConnectOrDisconnectAndAnotherOrgsConnectionIsNotFound() {
        var asRep = api().post("/api/integrations/highlevel/connect", token(repId, orgId, "REP"), "");
        assertThat(asRep.status()).isEqualTo(403);
        assertThat(api().post("/api/integrations/nowhere/connect", adminToken(), "")
                        .status())
                .isEqualTo(404);

        UUID id = connect("a-" + UUID.randomUUID(), "r", 3600);
        assertThat(api().send(api().request("/api/integrations/" + id, token(repId, orgId, "REP"))
                                .DELETE()
                                .build())
                        .status())
                .isEqualTo(403);

        String stranger = token(UUID.randomUUID(), UUID.randomUUID(), "ADMIN");
        assertThat(api().get("/api/integrations/" + id, stranger).status()).isEqualTo(404);
        assertThat(api().get("/api/integrations/" + id + "/sync", stranger).status())
                .isEqualTo(404);
        assertThat(api().send(api().request("/api/integrations/" + id, stranger)
                                .DELETE()
                                .build())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/integrations", stranger).body()).doesNotContain(id.toString());
        assertThat(api().get("/api/integrations", null).status()).isEqualTo(401);
    }

    @Test
    void disconnectingWipesTheTokensAndStopsTheSyncs() {
        UUID id = connect("a-" + UUID.randomUUID(), "r", 3600);
        await().until(() -> synced(id, "CONTACTS") && synced(id, "TRANSACTIONS"));

        var deleted = api().send(api().request("/api/integrations/" + id, adminToken())
                .DELETE()
                .build());
        assertThat(deleted.status()).isEqualTo(204);
        Map<String, Object> row = jdbc.sql("select * from integration_connection where id = ?")
                .param(id)
                .query()
                .singleRow();
        assertThat(row.get("status")).isEqualTo("DISCONNECTED");
        assertThat(row.get("access_token")).isNull();
        assertThat(row.get("refresh_token")).isNull();
        assertThat(syncStatus(id, "CONTACTS")).isEqualTo("STOPPED");
        assertThat(api().get("/api/integrations/" + id, adminToken())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DISCONNECTED");
    }

    private static void assertNamesState(io.leadpulse.platform.test.ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().at("/errors/0/field").asString()).isEqualTo("state");
    }
}
