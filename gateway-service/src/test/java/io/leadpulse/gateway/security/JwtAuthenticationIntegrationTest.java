package io.leadpulse.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.support.Downstream;
import io.leadpulse.gateway.support.GatewayIntegrationTest;
import io.leadpulse.gateway.support.TestTokens;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class JwtAuthenticationIntegrationTest extends GatewayIntegrationTest {

    @BeforeEach
    void stubApis() {
        downstream
                .wireMock()
                .stubFor(any(urlPathMatching("/api/.*"))
                        .willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @Test
    void rejectsApiCallWithoutTokenWithProblemAndChallenge() {
        client.get()
                .uri("/api/leads")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:missing-token")
                .jsonPath("$.title")
                .isEqualTo("Unauthorized")
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("bearer token"))
                .jsonPath("$.trace")
                .doesNotExist();
        assertNoApiCallForwarded();
    }

    @Test
    void rejectsTamperedToken() {
        assertInvalidToken(TestTokens.tampered());
    }

    /** The gateway remembers tokens it verified (VerifiedTokenCache): an edited copy of one must not ride on that. */
    @Test
    void rejectsTamperedCopyOfATokenItHasJustAccepted() {
        String token = TestTokens.rep();
        listLeads(token, 2);
        downstream.wireMock().resetRequests();

        assertInvalidToken(TestTokens.promotedToAdmin(token));
    }

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCacheAsPrometheusShows() {
        double hits = verifiedTokenLookups("hit");
        double misses = verifiedTokenLookups("miss");
        listLeads(TestTokens.rep(), 3);

        assertThat(verifiedTokenLookups("miss") - misses).isEqualTo(1);
        assertThat(verifiedTokenLookups("hit") - hits).isEqualTo(2);
    }

    private void listLeads(String token, int times) {
        for (int i = 0; i < times; i++) {
            client.get()
                    .uri("/api/leads")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    private double verifiedTokenLookups(String result) {
        String text = client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Matcher matcher = Pattern.compile("cache_gets_total\\{[^}]*cache=\"gateway.verified_tokens\"[^}]*result=\""
                        + result + "\"[^}]*} (\\S+)")
                .matcher(text);
        assertThat(matcher.find())
                .as("cache_gets_total for %s in %s", result, text)
                .isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() {
        assertInvalidToken(TestTokens.signedWithForgerKey());
    }

    @Test
    void rejectsUnsignedAlgNoneToken() {
        assertInvalidToken(TestTokens.unsigned());
    }

    @Test
    void rejectsExpiredToken() {
        String detail = assertInvalidToken(TestTokens.expired());
        assertThat(detail).containsIgnoringCase("expired");
    }

    @Test
    void rejectsTokenFromAnotherIssuer() {
        assertInvalidToken(TestTokens.wrongIssuer());
    }

    @Test
    void rejectsGarbageToken() {
        assertInvalidToken("not-a-jwt");
    }

    @Test
    void unreachableKeySetAnswers503InsteadOfBlamingTheToken() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo(Downstream.JWKS_PATH))
                        .willReturn(aResponse().withStatus(500)));

        client.get()
                .uri("/api/leads")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.signedWithUnknownKeyId())
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:token-verification-unavailable");
        assertNoApiCallForwarded();
    }

    @Test
    void validTokenReachesServiceWithAuthorizationUnchangedAndRequestIdAdded() {
        String token = TestTokens.rep();

        client.get()
                .uri("/api/leads?status=HOT")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("X-Request-Id");

        downstream
                .wireMock()
                .verify(getRequestedFor(urlEqualTo("/api/leads?status=HOT"))
                        .withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer " + token))
                        .withHeader("X-Request-Id", matching("[0-9a-f-]{36}"))
                        .withHeader("traceparent", matching("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")));
    }

    @Test
    void loginIsOpenWithoutToken() {
        client.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"admin@demo.test\",\"password\":\"demo-admin\"}")
                .exchange()
                .expectStatus()
                .isOk();

        downstream.wireMock().verify(postRequestedFor(urlEqualTo("/api/auth/login")));
    }

    @Test
    void loginIgnoresAStaleTokenInsteadOfRefusingIt() {
        client.post()
                .uri("/api/auth/login")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.expired())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void anOAuthCallbackIsOpenBecauseItsStateIsTheCredentialButTheRestOfIntegrationsIsNot() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/api/integrations/highlevel/callback?code=c&state=s"))
                        .willReturn(aResponse().withBody("{}")));

        client.get()
                .uri("/api/integrations/highlevel/callback?code=c&state=s")
                .exchange()
                .expectStatus()
                .isOk();
        client.post()
                .uri("/api/integrations/highlevel/callback")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.get().uri("/api/integrations").exchange().expectStatus().isUnauthorized();
        client.post()
                .uri("/api/integrations/highlevel/connect")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void otherAuthEndpointsStillNeedAToken() {
        client.get().uri("/api/auth/sessions").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void previewPagesAreOpenAndIgnoreBadTokens() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/p/abc123")).willReturn(aResponse().withBody("<html/>")));

        client.get()
                .uri("/p/abc123")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.tampered())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void adminPathsRefuseRepsWith403Problem() {
        client.get()
                .uri("/api/admin/metrics")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(403);
        assertNoApiCallForwarded();
    }

    @Test
    void adminPathsLetAdminsThrough() {
        client.get()
                .uri("/api/admin/metrics")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin())
                .exchange()
                .expectStatus()
                .isOk();
    }

    private String assertInvalidToken(String token) {
        byte[] body = client.get()
                .uri("/api/leads")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNAUTHORIZED)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""))
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:invalid-token")
                .jsonPath("$.status")
                .isEqualTo(401)
                .returnResult()
                .getResponseBody();
        assertNoApiCallForwarded();
        String json = new String(body);
        assertThat(json).doesNotContain(token).doesNotContain("Exception").doesNotContain("\tat ");
        return json;
    }

    private void assertNoApiCallForwarded() {
        downstream.wireMock().verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
    }
}
