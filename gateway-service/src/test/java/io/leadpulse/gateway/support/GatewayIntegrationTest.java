package io.leadpulse.gateway.support;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on a random port in front of stand-in services. Every test class that extends this without adding
 * properties shares one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=2s",
            "spring.cloud.gateway.server.webflux.httpclient.connect-timeout=1000"
        })
public abstract class GatewayIntegrationTest {

    protected static final Downstream downstream = Downstream.instance();

    @LocalServerPort
    protected int port;

    protected WebTestClient client;

    @DynamicPropertySource
    static void downstreamServices(DynamicPropertyRegistry registry) {
        registry.add("LEAD_SERVICE_URL", downstream::httpUrl);
        registry.add("MESSAGING_SERVICE_URL", downstream::httpUrl);
        registry.add("BILLING_SERVICE_URL", downstream::httpUrl);
        registry.add("ENRICHMENT_SERVICE_URL", downstream::httpUrl);
        registry.add("NOTIFICATION_SERVICE_URL", downstream::downServiceUrl);
        registry.add("REALTIME_SERVICE_URL", downstream::realtimeUrl);
        registry.add("JWT_JWKS_URI", () -> downstream.httpUrl() + Downstream.JWKS_PATH);
    }

    @BeforeEach
    void resetDownstream() {
        downstream.reset();
        client = WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }
}
