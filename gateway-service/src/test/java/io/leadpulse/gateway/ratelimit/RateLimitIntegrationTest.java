package io.leadpulse.gateway.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.support.GatewayIntegrationTest;
import io.leadpulse.gateway.support.TestTokens;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * Tiny buckets, in the suite's second (and last) application context. Each test connects from its own loopback
 * address (127.0.0.x), so each starts with full per-address buckets.
 */
@TestPropertySource(
        properties = {
            "gateway.rate-limit.per-ip.capacity=5",
            "gateway.rate-limit.per-ip.refill-per-second=0.05",
            "gateway.rate-limit.per-user.capacity=2",
            "gateway.rate-limit.per-user.refill-per-second=0.1",
            "gateway.rate-limit.webhooks.capacity=50",
            "gateway.rate-limit.webhooks.refill-per-second=10"
        })
class RateLimitIntegrationTest extends GatewayIntegrationTest {

    @BeforeEach
    void stubServices() {
        downstream
                .wireMock()
                .stubFor(any(urlPathMatching("/(api|p|webhooks)/.*"))
                        .willReturn(aResponse().withStatus(200)));
    }

    @Test
    void clientAddressOverItsBucketGets429ProblemWithRetryAfter() {
        WebTestClient fromOneAddress = clientFrom("127.0.0.2");
        for (int i = 5; i >= 1; i--) {
            fromOneAddress
                    .get()
                    .uri("/p/page")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-RateLimit-Limit", "5")
                    .expectHeader()
                    .valueEquals("X-RateLimit-Remaining", Integer.toString(i - 1));
        }

        fromOneAddress
                .get()
                .uri("/p/page")
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.RETRY_AFTER,
                        retryAfter -> assertThat(Long.parseLong(retryAfter)).isBetween(1L, 20L))
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining", "0")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:rate-limited")
                .jsonPath("$.status")
                .isEqualTo(429);

        // Another address is not affected.
        clientFrom("127.0.0.5").get().uri("/p/page").exchange().expectStatus().isOk();
    }

    @Test
    void userOverItsBucketGets429ProblemWithRetryAfter() {
        WebTestClient fromOneAddress = clientFrom("127.0.0.3");
        String token = TestTokens.forUser(UUID.randomUUID().toString());
        for (int i = 0; i < 2; i++) {
            fromOneAddress
                    .get()
                    .uri("/api/leads")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-RateLimit-Limit", "2");
        }

        fromOneAddress
                .get()
                .uri("/api/leads")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .value(
                        HttpHeaders.RETRY_AFTER,
                        retryAfter -> assertThat(Long.parseLong(retryAfter)).isBetween(1L, 10L))
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("this user"));

        // Another user from the same address still gets through.
        fromOneAddress
                .get()
                .uri("/api/leads")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void webhooksHaveTheirOwnLargerBucket() {
        WebTestClient provider = clientFrom("127.0.0.4");
        for (int i = 0; i < 12; i++) {
            provider.post()
                    .uri("/webhooks/stripe")
                    .bodyValue("{}")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    @Test
    void healthProbesAreNeverLimited() {
        WebTestClient kubelet = clientFrom("127.0.0.6");
        for (int i = 0; i < 8; i++) {
            kubelet.get()
                    .uri("/actuator/health/liveness")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    private WebTestClient clientFrom(String loopbackAddress) {
        HttpClient httpClient = HttpClient.create().bindAddress(() -> new InetSocketAddress(loopbackAddress, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(httpClient))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }
}
