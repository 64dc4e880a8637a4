package io.leadpulse.enrichment.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.leadpulse.enrichment.EnrichmentSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The politeness of one provider's calls, against a real HTTP server (WireMock) and no Spring. */
class PoliteHttpTest {

    private static final WireMockServer SERVER =
            new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        SERVER.start();
    }

    @AfterAll
    static void stop() {
        SERVER.stop();
    }

    @BeforeEach
    void reset() {
        SERVER.resetAll();
    }

    @Test
    void honoursRetryAfterOnA429AndSucceeds() {
        SERVER.stubFor(get(urlPathEqualTo("/p"))
                .inScenario("429")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        SERVER.stubFor(get(urlPathEqualTo("/p"))
                .inScenario("429")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody("fine")));
        PoliteHttp http = http(settings(3, 100, Duration.ofSeconds(60), 20, Duration.ofSeconds(5)));

        assertThat(http.get(uri("/p"), Map.of())).isEqualTo("fine");

        List<LoggedRequest> requests = SERVER.findAll(getRequestedFor(urlPathEqualTo("/p")));
        assertThat(requests).hasSize(2);
        assertThat(gap(requests.get(0), requests.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(count("rate_limited")).isEqualTo(1);
        assertThat(count("retried")).isEqualTo(1);
        assertThat(count("ok")).isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanTheCallMayWaitPutsTheWorkBackWithTheProvidersTime() {
        SERVER.stubFor(
                get(urlPathEqualTo("/p")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        PoliteHttp http = http(settings(3, 100, Duration.ofSeconds(60), 20, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> http.get(uri("/p"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.Unavailable.class, e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                });
        SERVER.verify(1, getRequestedFor(urlPathEqualTo("/p")));
    }

    @Test
    void retries5xxWithBackoffThenGivesUpAsUnavailable() {
        SERVER.stubFor(get(urlPathEqualTo("/p")).willReturn(aResponse().withStatus(502)));
        PoliteHttp http = http(settings(3, 100, Duration.ofSeconds(60), 20, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> http.get(uri("/p"), Map.of()))
                .isInstanceOfSatisfying(
                        ProviderException.Unavailable.class,
                        e -> assertThat(e.rateLimited()).isFalse())
                .hasMessageContaining("HTTP 502");

        List<LoggedRequest> requests = SERVER.findAll(getRequestedFor(urlPathEqualTo("/p")));
        assertThat(requests).hasSize(3);
        // backoff 100 ms, then 200 ms: exponential
        assertThat(gap(requests.get(1), requests.get(2))).isGreaterThan(gap(requests.get(0), requests.get(1)));
        assertThat(count("failed")).isEqualTo(3);
        assertThat(count("retried")).isEqualTo(2);
    }

    @Test
    void aSlowAnswerTimesOut() {
        SERVER.stubFor(get(urlPathEqualTo("/p"))
                .willReturn(aResponse().withFixedDelay(2_000).withBody("late")));
        PoliteHttp http = http(settings(1, 100, Duration.ofSeconds(60), 20, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> http.get(uri("/p"), Map.of()))
                .isInstanceOf(ProviderException.Unavailable.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void aClientErrorIsAnInvalidAnswerNotRetried() {
        SERVER.stubFor(get(urlPathEqualTo("/p")).willReturn(aResponse().withStatus(401)));
        PoliteHttp http = http(settings(3, 100, Duration.ofSeconds(60), 20, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> http.get(uri("/p"), Map.of())).isInstanceOf(ProviderException.InvalidAnswer.class);
        SERVER.verify(1, getRequestedFor(urlPathEqualTo("/p")));
    }

    @Test
    void theCircuitOpensAfterFailuresAndRefusesWithoutCalling() {
        SERVER.stubFor(get(urlPathEqualTo("/p")).willReturn(aResponse().withStatus(500)));
        PoliteHttp http = http(settings(1, 100, Duration.ofSeconds(60), 4, Duration.ofSeconds(5)));

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> http.get(uri("/p"), Map.of())).isInstanceOf(ProviderException.Unavailable.class);
        }
        assertThatThrownBy(() -> http.get(uri("/p"), Map.of()))
                .isInstanceOfSatisfying(
                        ProviderException.Unavailable.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)))
                .hasMessageContaining("circuit open");
        SERVER.verify(4, getRequestedFor(urlPathEqualTo("/p")));
        assertThat(count("circuit_open")).isEqualTo(1);
    }

    @Test
    void ourRateLimiterKeepsUnderThePublishedLimit() {
        SERVER.stubFor(get(urlPathEqualTo("/p")).willReturn(aResponse().withBody("ok")));
        PoliteHttp http = http(settings(1, 3, Duration.ofSeconds(60), 20, Duration.ZERO));

        for (int i = 0; i < 3; i++) {
            http.get(uri("/p"), Map.of());
        }
        assertThatThrownBy(() -> http.get(uri("/p"), Map.of()))
                .isInstanceOfSatisfying(
                        ProviderException.Unavailable.class,
                        e -> assertThat(e.rateLimited()).isTrue());
        SERVER.verify(3, getRequestedFor(urlPathEqualTo("/p")));
    }

    @Test
    void stopsWhenTheProviderSaysNothingRemainsUntilItsReset() {
        SERVER.stubFor(get(urlPathEqualTo("/p"))
                .willReturn(aResponse()
                        .withBody("ok")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", "1")));
        PoliteHttp http = http(settings(1, 100, Duration.ofSeconds(60), 20, Duration.ofSeconds(5)));

        http.get(uri("/p"), Map.of());
        http.get(uri("/p"), Map.of());

        List<LoggedRequest> requests = SERVER.findAll(getRequestedFor(urlPathEqualTo("/p")));
        assertThat(gap(requests.get(0), requests.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(count("rate_limited")).isZero();
    }

    @Test
    void aQuotaResetBeyondTheWaitPutsTheWorkBack() {
        long epochReset = Instant.now().plusSeconds(600).getEpochSecond();
        SERVER.stubFor(get(urlPathEqualTo("/p"))
                .willReturn(aResponse()
                        .withBody("ok")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", Long.toString(epochReset))));
        PoliteHttp http = http(settings(1, 100, Duration.ofSeconds(60), 20, Duration.ofSeconds(1)));

        http.get(uri("/p"), Map.of());
        assertThatThrownBy(() -> http.get(uri("/p"), Map.of()))
                .isInstanceOfSatisfying(ProviderException.Unavailable.class, e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(601));
                });
        SERVER.verify(1, getRequestedFor(urlPathEqualTo("/p")));
    }

    private PoliteHttp http(EnrichmentSettings.Provider settings) {
        return new PoliteHttp("test", settings, CircuitBreakerRegistry.ofDefaults(), meters);
    }

    private static EnrichmentSettings.Provider settings(
            int attempts, int rateLimit, Duration ratePeriod, int breakerWindow, Duration rateWait) {
        return new EnrichmentSettings.Provider(
                SERVER.baseUrl(),
                "key",
                null,
                Duration.ofMillis(500),
                rateLimit,
                ratePeriod,
                rateWait,
                attempts,
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                50,
                breakerWindow,
                Duration.ofSeconds(30),
                4,
                Duration.ofDays(1));
    }

    private double count(String outcome) {
        var counter = meters.find("enrichment.provider.calls")
                .tags("provider", "test", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static URI uri(String path) {
        return URI.create(SERVER.baseUrl() + path);
    }

    private static Duration gap(LoggedRequest first, LoggedRequest second) {
        return Duration.between(
                first.getLoggedDate().toInstant(), second.getLoggedDate().toInstant());
    }
}
