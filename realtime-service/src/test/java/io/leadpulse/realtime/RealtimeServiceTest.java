package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RealtimeServiceTest extends RealtimeTestBase {

    @Test
    void publishesItsOpenApiDocument() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs", null);

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("\"openapi\":\"3.");
    }

    @Test
    void answersProbesAndExposesItsMetrics() throws Exception {
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/actuator/prometheus", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "jvm_memory_used_bytes",
                        "realtime_connections",
                        "realtime_subscriptions{",
                        "realtime_messages_in_total{",
                        "realtime_messages_out_total",
                        "realtime_delivery_latency_seconds_bucket",
                        "realtime_resumes_total{",
                        "realtime_slow_consumer_disconnects_total");
    }

    @Test
    void answersUnknownApiRoutesWith404AndMissingTokensWith401AsProblems() throws Exception {
        HttpResponse<String> unknown = get(
                "/api/realtime/nothing-here", token(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "REP"));
        HttpResponse<String> anonymous = get("/api/realtime/nothing-here", null);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unknown.body()).contains("urn:leadpulse:problem:not-found").doesNotContain("Exception");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("urn:leadpulse:problem:unauthorized");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
