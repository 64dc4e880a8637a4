package io.leadpulse.gateway.bodysize;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import io.leadpulse.gateway.support.GatewayIntegrationTest;
import io.leadpulse.gateway.support.TestTokens;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

class BodySizeLimitIntegrationTest extends GatewayIntegrationTest {

    private static final int ONE_MB = 1024 * 1024;

    @BeforeEach
    void stubServices() {
        downstream
                .wireMock()
                .stubFor(any(urlPathMatching("/(api|webhooks)/.*"))
                        .willReturn(aResponse().withStatus(202)));
    }

    @Test
    void bodyOverOneMegabyteIsRefusedWith413BeforeForwarding() {
        client.post()
                .uri("/api/leads")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(filled(ONE_MB + 1))
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(413)
                .jsonPath("$.detail")
                .isEqualTo("The request body (1048577 bytes) is larger than the 1 MB this path accepts.");

        downstream.wireMock().verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
    }

    @Test
    void bodyOfExactlyTheLimitIsForwarded() {
        client.post()
                .uri("/webhooks/stripe")
                .bodyValue(filled(ONE_MB))
                .exchange()
                .expectStatus()
                .isEqualTo(202);
    }

    @Test
    void leadImportsAcceptLargerUploads() {
        client.post()
                .uri("/api/leads/imports")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(filled(3 * ONE_MB))
                .exchange()
                .expectStatus()
                .isEqualTo(202);

        downstream.wireMock().verify(postRequestedFor(urlEqualTo("/api/leads/imports")));
    }

    @Test
    void chunkedBodyPastTheLimitIsAbortedWith413() {
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> chunks = Flux.range(0, 20).map(i -> buffers.wrap(filled(128 * 1024)));

        client.post()
                .uri("/api/leads")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rep())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(BodyInserters.fromDataBuffers(chunks))
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }
}
