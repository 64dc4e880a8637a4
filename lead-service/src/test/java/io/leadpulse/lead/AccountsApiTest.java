package io.leadpulse.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.ServiceConventions;
import io.leadpulse.platform.test.TestJwtIssuer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountsApiTest extends LeadServiceTestSupport implements ServiceConventions {

    @Override
    public int port() {
        return port;
    }

    @Override
    public String unknownApiPath() {
        return "/api/leads/" + UUID.randomUUID() + "/nothing-here";
    }

    @Override
    public String validToken() {
        return adminToken();
    }

    @Test
    void demoAdminLogsInAndGetsABearerTokenThatIdentifiesItsOrganisation() {
        ApiClient.Response login =
                api().postJson("/api/auth/login", null, Map.of("email", "admin@demo.test", "password", "demo-admin"));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(login.json().get("expiresIn").asLong()).isPositive();
        assertThat(login.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));

        ApiClient.Response me =
                api().get("/api/me", login.json().get("accessToken").asString());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo("admin@demo.test");
        assertThat(me.json().get("role").asString()).isEqualTo("ADMIN");
        assertThat(me.json().get("orgName").asString()).isEqualTo("Demo Co");
        assertThat(UUID.fromString(me.json().get("id").asString())).isEqualTo(userId("admin@demo.test"));
        assertThat(me.json().get("orgId").asString()).isNotBlank();
    }

    @Test
    void theSeededSecondOrganisationIsAnotherTenantThatSeesOnlyItsOwnPeople() {
        String demoAdmin = login("admin@demo.test", "demo-admin");
        String rivalAdmin = login("admin@rival.test", "demo-admin");

        ApiClient.Response demo = api().get("/api/me", demoAdmin);
        ApiClient.Response rival = api().get("/api/me", rivalAdmin);
        assertThat(rival.json().get("orgName").asString()).isEqualTo("Rival Co");
        assertThat(rival.json().get("orgId").asString())
                .isNotEqualTo(demo.json().get("orgId").asString());

        ApiClient.Response people = api().get("/api/users", rivalAdmin);
        assertThat(people.status()).isEqualTo(200);
        assertThat(people.body()).contains("admin@rival.test", "rep@rival.test").doesNotContain("demo.test");
    }

    @Test
    void loginIsCaseInsensitiveOnTheEmail() {
        ApiClient.Response login =
                api().postJson("/api/auth/login", null, Map.of("email", " Rep1@Demo.TEST ", "password", "demo-rep"));

        assertThat(login.status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        ApiClient.Response wrongPassword =
                api().postJson("/api/auth/login", null, Map.of("email", "admin@demo.test", "password", "nope"));
        ApiClient.Response unknownUser =
                api().postJson("/api/auth/login", null, Map.of("email", "nobody@demo.test", "password", "nope"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.isProblem()).isTrue();
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.json().get("detail"))
                .isEqualTo(wrongPassword.json().get("detail"));
        assertThat(unknownUser.json().get("title"))
                .isEqualTo(wrongPassword.json().get("title"));
    }

    @Test
    void repeatedFailuresThrottleAnEmailWith429AndRetryAfterWhetherOrNotTheAccountExists() {
        String email = createUser("right-pass");
        String unknown = "ghost-" + UUID.randomUUID() + "@fresh.test";

        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(attemptLogin(email, "wrong-pass").status()).isEqualTo(401);
            assertThat(attemptLogin(unknown, "wrong-pass").status()).isEqualTo(401);
        }
        ApiClient.Response throttled = attemptLogin(email, "right-pass");
        ApiClient.Response throttledUnknown = attemptLogin(unknown, "right-pass");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.isProblem()).isTrue();
        assertThat(throttled.json().get("type").asString()).isEqualTo("urn:leadpulse:problem:too-many-login-attempts");
        long retryAfter =
                Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(throttledUnknown.status()).isEqualTo(429);
        assertThat(throttledUnknown.json().get("detail"))
                .isEqualTo(throttled.json().get("detail"));
        assertThat(attemptLogin(" " + email.toUpperCase() + " ", "right-pass").status())
                .as("the same email in another case is the same email")
                .isEqualTo(429);
        assertThat(attemptLogin("rep2@demo.test", "demo-rep").status())
                .as("other people are not affected")
                .isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailures() {
        String email = createUser("right-pass");

        for (int round = 0; round < 3; round++) {
            for (int attempt = 0; attempt < 4; attempt++) {
                assertThat(attemptLogin(email, "wrong-pass").status()).isEqualTo(401);
            }
            assertThat(attemptLogin(email, "right-pass").status()).isEqualTo(200);
        }
    }

    private ApiClient.Response attemptLogin(String email, String password) {
        return api().postJson("/api/auth/login", null, Map.of("email", email, "password", password));
    }

    @Test
    void malformedJsonIs400ProblemJson() {
        ApiClient.Response response = api().post("/api/auth/login", null, "{\"email\": \"a@b.c\", \"password\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asString()).startsWith("Malformed JSON at line 1");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:leadpulse:problem:malformed-body");
        assertThat(response.json().get("requestId").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("at tools.jackson").doesNotContain("Exception");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        ApiClient.Response response =
                api().post("/api/auth/login", null, "{\"email\": {\"nested\": true}, \"password\": \"x\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertThat(response.json().get("errors").get(0).get("message").asString())
                .isEqualTo("must be a string");
        assertThat(response.body()).doesNotContain("java.");
    }

    @Test
    void missingFieldsAreNamed() {
        ApiClient.Response response = api().post("/api/auth/login", null, "{\"email\": \"admin@demo.test\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
    }

    @Test
    void missingTamperedWrongKeyAndExpiredTokensAre401() {
        String valid = adminToken();
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];
        UUID admin = userId("admin@demo.test");
        String otherKey = TestJwtIssuer.get().token(admin, UUID.randomUUID(), "ADMIN");
        String expired =
                signedToken(admin, UUID.randomUUID(), "ADMIN", Instant.now().minusSeconds(120));
        String unsigned = parts[0].replace(parts[0], base64("{\"alg\":\"none\"}")) + "." + parts[1] + ".";

        for (String token : new String[] {null, tampered, otherKey, expired, unsigned, "garbage"}) {
            ApiClient.Response response = api().get("/api/me", token);
            assertThat(response.status()).as("token %s", token).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        }
    }

    @Test
    void aTokenWithoutTheOrganisationClaimIsRefused() {
        String noOrg = signedToken(
                UUID.randomUUID(), UUID.randomUUID(), "SUPERUSER", Instant.now().plusSeconds(600));

        assertThat(api().get("/api/me", noOrg).status()).isEqualTo(401);
    }

    @Test
    void publishesItsPublicKeyAsJwks() {
        ApiClient.Response jwks = api().get("/.well-known/jwks.json", null);

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys").get(0).get("kty").asString()).isEqualTo("RSA");
        assertThat(jwks.json().get("keys").get(0).has("d"))
                .as("no private part")
                .isFalse();
    }

    private static String base64(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
    }
}
