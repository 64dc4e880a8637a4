package io.leadpulse.billing;

import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.stripe.Stripe;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.MovableClock;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every billing-service test: the real service on a random port with two
 * webhook secrets (a rotation in progress), a clock the tests move, and helpers to make
 * organisations and leads known the way production does (lead events on Kafka) and to deliver
 * Stripe-shaped events signed as Stripe signs them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "billing.webhooks.secrets=" + BillingServiceTestSupport.SECRET + "," + BillingServiceTestSupport.OLD_SECRET,
            "billing.webhooks.poll-interval=100ms",
            "billing.webhooks.retry-backoff=200ms",
            "billing.webhooks.max-backoff=1s",
            "billing.webhooks.max-attempts=4",
            "billing.plans.trial-check-interval=200ms",
            "billing.revenue.operator-org-id=" + BillingServiceTestSupport.OPERATOR_ORG
        })
@Import(BillingServiceTestSupport.TestClock.class)
public abstract class BillingServiceTestSupport {

    public static final String SECRET = "whsec_test_current";
    public static final String OLD_SECRET = "whsec_test_previous";
    public static final String OPERATOR_ORG = "0e000000-0000-4000-8000-00000000000a";

    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime());

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MovableClock mutableClock() {
            return new MovableClock();
        }
    }

    /** Stands in for Stripe's API (checkout sessions, events list), one per test JVM. */
    protected static final WireMockServer STRIPE = startStripe();

    private static WireMockServer startStripe() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    @DynamicPropertySource
    static void stripeApi(DynamicPropertyRegistry registry) {
        registry.add("billing.stripe.secret-key", () -> "sk_test_billing");
        registry.add("billing.stripe.api-base", STRIPE::baseUrl);
        registry.add("billing.stripe.max-network-retries", () -> "0");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MovableClock clock;

    @Autowired
    private KafkaTemplate<String, String> kafka;

    @Autowired
    private EventCodec codec;

    protected ApiClient api() {
        return ApiClient.onLocalPort(port);
    }

    protected Clock clock() {
        return clock;
    }

    /** A unique Stripe-style id ({@code evt_…}, {@code pi_…}). */
    protected static String stripeId(String prefix) {
        return prefix + "_test" + Long.toString(SEQUENCE.incrementAndGet(), 36);
    }

    // --- organisations and leads, made known through lead.events as lead-service publishes them

    /** A new organisation billing has seen (one of its leads was created). */
    protected UUID knownOrg() {
        UUID org = UUID.randomUUID();
        createLead(org, null);
        return org;
    }

    /** A lead created in lead-service, owned by {@code assigneeId}; waits until billing knows it. */
    protected UUID createLead(UUID orgId, UUID assigneeId) {
        UUID lead = UUID.randomUUID();
        publish(new LeadEvent.LeadCreated(
                orgId,
                lead,
                "Lena",
                "Lead",
                null,
                null,
                "Lead Co",
                "NEW",
                assigneeId,
                List.of(),
                "test",
                assigneeId,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from lead_owner where lead_id = ?")
                                .param(lead)
                                .query(Long.class)
                                .single()
                        == 1);
        return lead;
    }

    protected void publish(LeadEvent event) {
        publish(event.subject(), envelope(event));
    }

    /** The envelope lead-service would publish; sending the same string twice is a redelivery. */
    protected String envelope(LeadEvent event) {
        return codec.toJson(codec.wrap(event, null));
    }

    protected void publish(String key, String envelopeJson) {
        kafka.send(Topics.LEAD_EVENTS, key, envelopeJson).join();
    }

    // --- Stripe deliveries

    /** A Stripe event around {@code object}, created now by the service's clock. */
    protected String event(String id, String type, Map<String, Object> object) {
        return event(id, type, clock.instant().getEpochSecond(), object);
    }

    protected String event(String id, String type, long created, Map<String, Object> object) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", Stripe.API_VERSION);
        event.put("created", created);
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("request", Map.of("idempotency_key", UUID.randomUUID().toString()));
        event.put("type", type);
        event.put("data", Map.of("object", object));
        return codec.toJson(event);
    }

    /** Delivers {@code payload} signed with the current secret now. */
    protected ApiClient.Response deliver(String payload) {
        return deliver(payload, StripeSigner.header(clock.instant().getEpochSecond(), payload, SECRET));
    }

    protected ApiClient.Response deliver(String payload, String signatureHeader) {
        return deliver(payload, signatureHeader, Map.of());
    }

    protected ApiClient.Response deliver(String payload, String signatureHeader, Map<String, String> headers) {
        HttpRequest.Builder request = api().request("/webhooks/stripe", null)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        headers.forEach(request::header);
        return api().send(request.build());
    }

    /** Delivers and expects 200. */
    protected void deliverOk(String payload) {
        ApiClient.Response response = deliver(payload);
        if (response.status() != 200) {
            throw new IllegalStateException("delivery refused: " + response.status() + " " + response.body());
        }
    }

    /** The stored event's status once the worker has finished with it. */
    protected String awaitFinalStatus(String eventId) {
        String[] status = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            status[0] = eventStatus(eventId);
            return status[0] != null && !status[0].equals("received");
        });
        return status[0];
    }

    protected String eventStatus(String eventId) {
        return jdbc.sql("select status from stripe_event where id = ?")
                .param(eventId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    protected boolean stored(String eventId) {
        return eventStatus(eventId) != null;
    }

    protected long storedEvents() {
        return jdbc.sql("select count(*) from stripe_event").query(Long.class).single();
    }

    // --- Stripe objects, shaped as Stripe sends them (only the fields billing reads, plus a few)

    protected static Map<String, Object> paymentIntent(String id, long amount, UUID orgId, UUID leadId) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (orgId != null) {
            metadata.put("org_id", orgId.toString());
        }
        if (leadId != null) {
            metadata.put("lead_id", leadId.toString());
        }
        Map<String, Object> pi = new LinkedHashMap<>();
        pi.put("id", id);
        pi.put("object", "payment_intent");
        pi.put("amount", amount);
        pi.put("amount_received", amount);
        pi.put("currency", "eur");
        pi.put("customer", null);
        pi.put("invoice", null);
        pi.put("latest_charge", "ch_" + id.substring(3));
        pi.put("metadata", metadata);
        pi.put("status", "succeeded");
        pi.put("created", Instant.now().getEpochSecond());
        return pi;
    }

    protected static Map<String, Object> with(Map<String, Object> object, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        copy.put(key, value);
        return copy;
    }
}
