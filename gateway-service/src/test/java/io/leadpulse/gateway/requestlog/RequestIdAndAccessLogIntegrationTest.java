package io.leadpulse.gateway.requestlog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.gateway.support.GatewayIntegrationTest;
import io.leadpulse.gateway.support.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

@ExtendWith(OutputCaptureExtension.class)
class RequestIdAndAccessLogIntegrationTest extends GatewayIntegrationTest {

    @Test
    void saneIncomingRequestIdIsPassedDownstreamAndReturned() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/p/page")).willReturn(aResponse().withBody("ok")));

        client.get()
                .uri("/p/page")
                .header("X-Request-Id", "client-req_42.a")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", "client-req_42.a");

        downstream
                .wireMock()
                .verify(getRequestedFor(urlEqualTo("/p/page")).withHeader("X-Request-Id", equalTo("client-req_42.a")));
    }

    @Test
    void insaneIncomingRequestIdIsReplaced() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/p/page")).willReturn(aResponse().withBody("ok")));

        client.get()
                .uri("/p/page")
                .header("X-Request-Id", "x".repeat(65))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f-]{36}"));

        client.get()
                .uri("/p/page")
                .header("X-Request-Id", "<script>")
                .exchange()
                .expectHeader()
                .value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void requestIdEchoedByTheServiceIsNotDoubled() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/p/echo"))
                        .willReturn(
                                aResponse().withHeader("X-Request-Id", "abc").withBody("ok")));

        client.get()
                .uri("/p/echo")
                .header("X-Request-Id", "abc")
                .exchange()
                .expectHeader()
                .values("X-Request-Id", values -> assertThat(values).containsExactly("abc"));
    }

    @Test
    void accessLogWritesOneLinePerRequestWithRouteRequestIdAndTraceButNoToken(CapturedOutput output) {
        downstream
                .wireMock()
                .stubFor(get(urlPathEqualTo("/api/leads/7"))
                        .willReturn(aResponse().withBody("{}")));
        String token = TestTokens.rep();

        client.get()
                .uri("/api/leads/7?secret=query")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("X-Request-Id", "log-test-1")
                .exchange()
                .expectStatus()
                .isOk();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getOut()).contains("request_id=log-test-1"));
        assertThat(output.getOut().lines().filter(line -> line.contains("request_id=log-test-1")))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("GET /api/leads/7 route=lead status=200 duration_ms=")
                        .matches(".*trace_id=[0-9a-f]{32}.*")
                        .doesNotContain("secret=query"));
        assertThat(output.getAll()).doesNotContain(token);
    }

    @Test
    void accessLogRecordsTheProblemStatus(CapturedOutput output) {
        client.get()
                .uri("/api/leads")
                .header("X-Request-Id", "log-test-401")
                .exchange()
                .expectStatus()
                .isUnauthorized();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output.getOut())
                        .contains("GET /api/leads route=- status=401")
                        .contains("request_id=log-test-401"));
    }
}
