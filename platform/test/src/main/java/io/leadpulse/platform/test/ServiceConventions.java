package io.leadpulse.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every LeadPulse HTTP service promises operators and clients, checked against the running
 * service. A service's {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} class implements this
 * and returns its port.
 */
public interface ServiceConventions {

    int port();

    /** A path under the service's own API prefix that does not exist. */
    String unknownApiPath();

    /** A token this service accepts; services that check tokens with their own key override it. */
    default String validToken() {
        return TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), "ADMIN");
    }

    private ApiClient client() {
        return ApiClient.onLocalPort(port());
    }

    @Test
    default void answersLivenessAndReadinessProbes() {
        assertThat(client().get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(client().get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    default void exposesPrometheusMetricsIncludingTheOutbox() {
        ApiClient.Response metrics = client().get("/actuator/prometheus", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("leadpulse_outbox_backlog", "jvm_memory_used_bytes");
    }

    @Test
    default void publishesItsOpenApiDocument() {
        ApiClient.Response docs = client().get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("openapi").asString()).startsWith("3.");
        assertThat(docs.json().get("info").get("title").asString()).startsWith("LeadPulse ");
        assertThat(docs.json().get("components").get("securitySchemes").has("bearer"))
                .isTrue();
    }

    @Test
    default void refusesItsApiWithoutATokenAsProblemJson() {
        ApiClient.Response response = client().get(unknownApiPath(), null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    default void answersAnUnknownRouteWith404ProblemJson() {
        ApiClient.Response response = client().get(unknownApiPath(), validToken());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("type").asString()).isEqualTo("urn:leadpulse:problem:not-found");
        assertThat(response.json().get("requestId").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    default void echoesASaneRequestIdAndReplacesAnInsaneOne() {
        ApiClient.Response sane = client().send(client().request("/actuator/health/liveness", null)
                .header("X-Request-Id", "abc-123")
                .GET()
                .build());
        ApiClient.Response insane = client().send(client().request("/actuator/health/liveness", null)
                .header("X-Request-Id", "<script>")
                .GET()
                .build());

        assertThat(sane.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        assertThat(insane.headers().firstValue("X-Request-Id"))
                .isPresent()
                .get()
                .asString()
                .doesNotContain("<");
    }
}
