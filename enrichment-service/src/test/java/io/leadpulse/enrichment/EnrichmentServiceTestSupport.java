package io.leadpulse.enrichment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.DomainEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.MovableClock;
import io.leadpulse.platform.test.TestJwtIssuer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every enrichment-service test: the real service on a random port, real
 * PostgreSQL and Kafka (platform test support), real WireMock servers standing in for the
 * SerpAPI-shaped geo API and the OpenAI-compatible chat API, and a clock tests move forward.
 * Retries are quick and the circuit breaker's window wide here, so one test's failing provider
 * cannot hold up another's jobs (the breaker itself is tested in {@code PoliteHttpTest}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "enrichment.geo.key=" + EnrichmentServiceTestSupport.GEO_KEY,
            "enrichment.ai.key=" + EnrichmentServiceTestSupport.AI_KEY,
            "enrichment.ai.model=test-model",
            "enrichment.geo.timeout=2s",
            "enrichment.ai.timeout=2s",
            "enrichment.geo.retry-attempts=2",
            "enrichment.ai.retry-attempts=2",
            "enrichment.geo.retry-backoff=10ms",
            "enrichment.ai.retry-backoff=10ms",
            "enrichment.geo.rate-limit=1000",
            "enrichment.ai.rate-limit=1000",
            "enrichment.geo.rate-period=1s",
            "enrichment.ai.rate-period=1s",
            "enrichment.geo.breaker-window=100000",
            "enrichment.ai.breaker-window=100000",
            "enrichment.worker.poll-interval=50ms",
            // A job put back waits an hour of the test clock: tests make it due by moving the clock.
            "enrichment.worker.retry-base=1h",
            "enrichment.worker.retry-max=2h",
            "enrichment.worker.max-invalid-answers=2",
            // External platform sync: a GoHighLevel stand-in (WireMock), small pages, quick in-call
            // retries, a small rate limit a test can reach, failed syncs due an hour of the test clock later.
            "enrichment.integrations.highlevel.client-id=test-client",
            "enrichment.integrations.highlevel.client-secret=test-secret",
            "enrichment.integrations.highlevel.authorize-url=https://marketplace.example.test/oauth/chooselocation",
            "enrichment.integrations.highlevel.page-size=2",
            "enrichment.integrations.highlevel.http.timeout=1s",
            "enrichment.integrations.highlevel.http.retry-attempts=2",
            "enrichment.integrations.highlevel.http.retry-backoff=10ms",
            "enrichment.integrations.highlevel.http.retry-max-wait=5s",
            "enrichment.integrations.highlevel.http.rate-limit=" + EnrichmentServiceTestSupport.PLATFORM_RATE_LIMIT,
            "enrichment.integrations.highlevel.http.rate-period=1s",
            "enrichment.integrations.highlevel.http.rate-wait=10s",
            "enrichment.integrations.highlevel.http.breaker-window=100000",
            "enrichment.integrations.poll-interval=50ms",
            "enrichment.integrations.retry-base=1h",
            "enrichment.integrations.retry-max=2h",
            "enrichment.integrations.max-invalid-answers=2",
            "enrichment.integrations.reconcile-cron=-"
        })
@Import(TestClockConfiguration.class)
public abstract class EnrichmentServiceTestSupport {

    public static final String GEO_KEY = "test-geo-key";
    public static final String AI_KEY = "test-ai-key";

    protected static final WireMockServer GEO = start();
    protected static final WireMockServer AI = startAi();
    /** The GoHighLevel-shaped platform: OAuth token endpoint, contacts, transactions. */
    protected static final WireMockServer PLATFORM = startPlatform();

    public static final int PLATFORM_RATE_LIMIT = 5;

    protected final EventCodec codec = new EventCodec();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected MovableClock clock;

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("enrichment.geo.url", GEO::baseUrl);
        registry.add("enrichment.ai.url", AI::baseUrl);
        registry.add("enrichment.integrations.highlevel.http.url", PLATFORM::baseUrl);
    }

    protected ApiClient api() {
        return ApiClient.onLocalPort(port);
    }

    protected static String token(UUID userId, UUID orgId, String role) {
        return TestJwtIssuer.get().token(userId, orgId, role);
    }

    /** A lead as lead-service publishes it. */
    protected static LeadEvent.LeadCreated lead(UUID orgId, UUID assigneeId, String phone, String company) {
        return new LeadEvent.LeadCreated(
                orgId,
                UUID.randomUUID(),
                "Ada",
                "Lovelace",
                "ada@example.test",
                phone,
                company,
                "NEW",
                assigneeId,
                List.of(),
                "test",
                assigneeId,
                Instant.now());
    }

    protected EventEnvelope publish(DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event, null);
        send(envelope);
        return envelope;
    }

    protected void send(EventEnvelope envelope) {
        sendRaw(envelope.subject(), codec.toJson(envelope));
    }

    protected void sendRaw(String key, String json) {
        try {
            kafka.send(Topics.LEAD_EVENTS, key, json).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected void admin(UUID orgId, UUID userId) {
        publish(new AccountEvent.UserCreated(
                orgId, userId, "Admin", "admin@example.test", "ADMIN", true, Instant.now()));
        await().until(() -> jdbc.sql("select count(*) from directory_user where user_id = ?")
                        .param(userId)
                        .query(Long.class)
                        .single()
                == 1);
    }

    protected Map<String, Object> job(UUID leadId) {
        return jdbc.sql("select * from enrichment_job where lead_id = ?")
                .param(leadId)
                .query()
                .singleRow();
    }

    /** A number column of the lead's job; 0 while the job does not exist yet. */
    protected int jobNumber(UUID leadId, String column) {
        return jdbc.sql("select " + column + " from enrichment_job where lead_id = ?")
                .param(leadId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    protected String jobStatus(UUID leadId) {
        return jdbc.sql("select status from enrichment_job where lead_id = ?")
                .param(leadId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /** Events of {@code type} the service wrote for this lead (the outbox keeps them an hour). */
    protected long written(String type, UUID leadId) {
        return jdbc.sql("select count(*) from outbox where type = ? and aggregateid = ?")
                .param(type)
                .param(leadId.toString())
                .query(Long.class)
                .single();
    }

    protected long realtimeWritten(String event, UUID leadId) {
        return jdbc.sql("""
                        select count(*) from outbox where aggregatetype = 'realtime.messages'
                        and payload ->> 'event' = ? and payload -> 'data' ->> 'leadId' = ?
                        """)
                .param(event)
                .param(leadId.toString())
                .query(Long.class)
                .single();
    }

    /** A SerpAPI google_maps answer with one local result. */
    protected static String serpAnswer(double latitude, double longitude, String address) {
        return """
                {"search_metadata": {"status": "Success"},
                 "local_results": [{"position": 1, "title": "Result", "address": "%s",
                   "gps_coordinates": {"latitude": %s, "longitude": %s}}]}
                """.formatted(address, latitude, longitude);
    }

    protected static String chatAnswer(String content) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}]}
                """.formatted(content);
    }

    private static WireMockServer start() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    private static WireMockServer startPlatform() {
        WireMockServer server = start();
        // A location a test did not stub has nothing in it.
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/contacts/"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"contacts\": [], \"meta\": {\"total\": 0, \"nextPageUrl\": null}}")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/payments/transactions"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [], \"totalCount\": 0}")));
        return server;
    }

    private static WireMockServer startAi() {
        WireMockServer server = start();
        // Any prompt not stubbed more precisely gets a plain line.
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(chatAnswer("Loved what your team is building."))));
        return server;
    }
}
