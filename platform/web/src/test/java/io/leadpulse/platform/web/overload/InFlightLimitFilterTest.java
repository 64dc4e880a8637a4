package io.leadpulse.platform.web.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.platform.web.problem.ProblemResponses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InFlightLimitFilterTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InFlightLimitFilter filter =
            new InFlightLimitFilter(new ProblemResponses(json), 1, Duration.ofMillis(100), meters);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger handled = new AtomicInteger();

    /** Holds its slot until the test releases it, like a request waiting for a pooled connection. */
    private final FilterChain slowHandler = (request, response) -> {
        handled.incrementAndGet();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ((MockHttpServletResponse) response).setStatus(200);
    };

    @AfterEach
    void releaseTheSlot() {
        release.countDown();
    }

    @Test
    void aRequestOverTheLimitGets503WithRetryAfterAndIsNeverHandled() throws Exception {
        CompletableFuture<MockHttpServletResponse> first =
                CompletableFuture.supplyAsync(() -> send("/webhooks/stripe"));
        // in the handler, not only past the permit
        await().atMost(Duration.ofSeconds(5)).until(() -> filter.inFlight() == 1 && handled.get() == 1);

        MockHttpServletResponse refused = send("/webhooks/stripe");

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(refused.getContentAsByteArray());
        assertThat(problem.get("type").asString()).isEqualTo("urn:leadpulse:problem:service-unavailable");
        assertThat(problem.get("title").asString()).isEqualTo("Service busy");
        assertThat(handled).as("only the first request reached the handler").hasValue(1);
        assertThat(meters.counter("leadpulse.http.shed").count()).isEqualTo(1);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(filter.inFlight()).as("the slot is given back").isZero();
        assertThat(send("/webhooks/stripe").getStatus())
                .as("admitted again once a slot is free")
                .isEqualTo(200);
    }

    @Test
    void aRequestThatWaitsLessThanTheQueueWaitIsHandled() throws Exception {
        InFlightLimitFilter patient =
                new InFlightLimitFilter(new ProblemResponses(json), 1, Duration.ofSeconds(10), meters);
        CompletableFuture<MockHttpServletResponse> first =
                CompletableFuture.supplyAsync(() -> send(patient, "/api/leads"));
        await().atMost(Duration.ofSeconds(5)).until(() -> patient.inFlight() == 1);

        CompletableFuture<MockHttpServletResponse> second =
                CompletableFuture.supplyAsync(() -> send(patient, "/api/leads"));
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(handled).hasValue(2);
        assertThat(meters.counter("leadpulse.http.shed").count()).isZero();
    }

    @Test
    void healthAndMetricsAreNeverShed() throws Exception {
        CompletableFuture.supplyAsync(() -> send("/api/leads"));
        await().atMost(Duration.ofSeconds(5)).until(() -> filter.inFlight() == 1);

        MockHttpServletResponse health = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", "/actuator/health"), health, (request, response) -> {});

        assertThat(health.getStatus()).isEqualTo(200);
        assertThat(meters.counter("leadpulse.http.shed").count()).isZero();
    }

    private MockHttpServletResponse send(String path) {
        return send(filter, path);
    }

    private MockHttpServletResponse send(InFlightLimitFilter target, String path) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            target.doFilter(new MockHttpServletRequest("POST", path), response, slowHandler);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }
}
