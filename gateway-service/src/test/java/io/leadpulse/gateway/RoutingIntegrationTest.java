package io.leadpulse.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.support.GatewayIntegrationTest;
import io.leadpulse.gateway.support.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

class RoutingIntegrationTest extends GatewayIntegrationTest {

    @ParameterizedTest(name = "{0} goes to {1}")
    @CsvSource({
        "/api/me, lead",
        "/api/leads/42, lead",
        "/api/leads/imports/7, lead",
        "/api/call-queue, lead",
        "/api/usage, lead",
        "/api/org/settings, lead",
        "/api/users/9, lead",
        "/api/messages/1, messaging",
        "/api/conversations, messaging",
        "/api/sequences/3, messaging",
        "/api/billing/plans, billing",
        "/api/enrichment/jobs, enrichment",
        "/api/integrations, enrichment"
    })
    void apiPathsReachTheirService(String path, String service) {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo(path)).willReturn(aResponse().withBody(service)));

        client.get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo(service);
    }

    @Test
    void publicTrackingLinksReachMessagingWithoutAToken() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/t/o/abc.gif")).willReturn(aResponse().withBody("GIF89a")));

        client.get().uri("/t/o/abc.gif").exchange().expectStatus().isOk();
    }

    @Test
    void unknownRouteAnswers404ProblemJson() {
        client.get()
                .uri("/no/such/thing?x=1")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:no-route")
                .jsonPath("$.title")
                .isEqualTo("Not Found")
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.detail")
                .isEqualTo("No route matches GET /no/such/thing.")
                .jsonPath("$.requestId")
                .exists();
    }

    @Test
    void downstreamResponsesPassThroughAsTheyAre() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/api/leads/404"))
                        .willReturn(aResponse()
                                .withStatus(404)
                                .withHeader("Content-Type", "application/problem+json")
                                .withHeader("Cache-Control", "max-age=60")
                                .withBody("{\"title\":\"Lead not found\"}")));

        client.get()
                .uri("/api/leads/404")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals("Cache-Control", "max-age=60")
                .expectBody(String.class)
                .isEqualTo("{\"title\":\"Lead not found\"}");
    }

    @Test
    void downstreamDownAnswers503ProblemJson() {
        client.get()
                .uri("/api/notifications")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:service-unavailable")
                .jsonPath("$.detail")
                .isEqualTo("The notification service is not reachable right now; try again shortly.");
    }

    @Test
    void slowDownstreamAnswers504ProblemJson() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/api/leads/slow"))
                        .willReturn(aResponse().withFixedDelay(4000)));

        client.get()
                .uri("/api/leads/slow")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The lead service did not answer in time.");
    }

    @Test
    void websocketUpgradeReachesRealtimeService() {
        List<String> received = new CopyOnWriteArrayList<>();
        URI uri = URI.create("ws://localhost:" + port + "/app/leadpulse-key?protocol=7&client=js&version=8.4.0");

        new ReactorNettyWebSocketClient()
                .execute(
                        uri,
                        session -> session.send(Mono.just(session.textMessage("ping")))
                                .thenMany(session.receive()
                                        .map(WebSocketMessage::getPayloadAsText)
                                        .take(1))
                                .doOnNext(received::add)
                                .then())
                .block(Duration.ofSeconds(10));

        assertThat(received).containsExactly("echo:ping");
        assertThat(downstream.lastHandshakeHeaders())
                .containsKey("X-Request-Id")
                .containsEntry("X-Forwarded-Host", "localhost:" + port);
    }

    @Test
    void openApiDocumentsAreServedPerService() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/v3/api-docs"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"openapi\":\"3.1.0\"}")));

        for (String service : List.of("lead", "messaging", "billing", "enrichment")) {
            client.get()
                    .uri("/v3/api-docs/" + service)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.openapi")
                    .isEqualTo("3.1.0");
        }
        downstream.wireMock().verify(4, getRequestedFor(urlEqualTo("/v3/api-docs")));
    }

    @Test
    void swaggerUiListsAllSixServices() {
        client.get()
                .uri("/v3/api-docs/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.urls[*].name")
                .value(names -> assertThat(names)
                        .asInstanceOf(InstanceOfAssertFactories.LIST)
                        .containsExactlyInAnyOrder(
                                "lead", "messaging", "billing", "enrichment", "notification", "realtime"));

        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        client.get()
                .uri("/webjars/swagger-ui/index.html")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void healthProbesAreOpen() {
        client.get()
                .uri("/actuator/health/liveness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void prometheusShowsGatewayRequestMetrics() {
        downstream
                .wireMock()
                .stubFor(get(urlEqualTo("/p/metrics-probe"))
                        .willReturn(aResponse().withBody("ok")));
        client.get().uri("/p/metrics-probe").exchange().expectStatus().isOk();

        client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                // the per-route series the dashboards and alerts read (deploy/grafana, deploy/prometheus); Spring
                // Cloud Gateway's own duplicate timer is switched off (it timed every request a second time)
                .value(text -> assertThat(text)
                        .containsPattern(
                                "http_client_requests_seconds_count\\{[^}]*spring_cloud_gateway_route_id=\"lead\"")
                        .contains("http_server_requests_seconds_count")
                        .doesNotContain("spring_cloud_gateway_requests_seconds"));
    }
}
