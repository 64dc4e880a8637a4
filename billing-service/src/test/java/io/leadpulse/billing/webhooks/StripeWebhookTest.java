package io.leadpulse.billing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.billing.StripeSigner;
import io.leadpulse.platform.test.ApiClient;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StripeWebhookTest extends BillingServiceTestSupport {

    @Autowired
    StripeEventRepository events;

    private UUID org;

    private UUID org() {
        if (org == null) {
            org = knownOrg();
        }
        return org;
    }

    private String payment() {
        String pi = stripeId("pi");
        return event(stripeId("evt"), "payment_intent.succeeded", paymentIntent(pi, 1500, org(), null));
    }

    private static String idOf(String payload) {
        return payload.substring(
                payload.indexOf("\"id\":\"") + 6, payload.indexOf('"', payload.indexOf("\"id\":\"") + 6));
    }

    @Test
    void storesASignedEventUnderItsIdBeforeAnswering() {
        String payload = payment();
        ApiClient.Response response = deliver(payload);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("duplicate").asBoolean()).isFalse();
        // Stored by the time Stripe hears 200, whatever the worker has done since.
        assertThat(stored(idOf(payload))).isTrue();
        assertThat(awaitFinalStatus(idOf(payload))).isEqualTo("processed");
    }

    @Test
    void rejectsStripeEventWithForgedSignatureAndStoresNothing() {
        String payload = payment();
        long now = clock().instant().getEpochSecond();

        ApiClient.Response response = deliver(payload, StripeSigner.header(now, payload, "whsec_forged"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(stored(idOf(payload))).isFalse();
    }

    @Test
    void rejectsABodyChangedAfterSigning() {
        String payload = payment();
        String header = StripeSigner.header(clock().instant().getEpochSecond(), payload, SECRET);

        ApiClient.Response response = deliver(payload.replace("1500", "150000"), header);

        assertThat(response.status()).isEqualTo(400);
        assertThat(stored(idOf(payload))).isFalse();
    }

    @Test
    void rejectsAMissingSignature() {
        String payload = payment();

        assertThat(deliver(payload, null).status()).isEqualTo(400);
        assertThat(stored(idOf(payload))).isFalse();
    }

    @Test
    void rejectsAStaleTimestampBeyondTheTolerance() {
        String payload = payment();
        long stale = clock().instant().getEpochSecond() - 301;

        ApiClient.Response response = deliver(payload, StripeSigner.header(stale, payload, SECRET));

        assertThat(response.status()).isEqualTo(400);
        assertThat(stored(idOf(payload))).isFalse();
    }

    @Test
    void acceptsATimestampWithinTheTolerance() {
        String payload = payment();
        long recent = clock().instant().getEpochSecond() - 290;

        assertThat(deliver(payload, StripeSigner.header(recent, payload, SECRET))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void acceptsEitherConfiguredSecretDuringARotation() {
        String payload = payment();
        long now = clock().instant().getEpochSecond();

        assertThat(deliver(payload, StripeSigner.header(now, payload, OLD_SECRET))
                        .status())
                .isEqualTo(200);
        assertThat(stored(idOf(payload))).isTrue();
    }

    @Test
    void acceptsAHeaderWithSeveralV1SignaturesWhenOneMatches() {
        String payload = payment();
        long now = clock().instant().getEpochSecond();

        ApiClient.Response response =
                deliver(payload, StripeSigner.header(now, payload, "whsec_someone_elses", SECRET));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void rejectsMalformedJsonEvenWhenSigned() {
        long before = storedEvents();
        String payload = "{\"id\":\"evt_broken\",\"type\":";

        ApiClient.Response response = deliver(payload);

        assertThat(response.status()).isEqualTo(400);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void rejectsSignedJsonThatIsNotAnEvent() {
        long before = storedEvents();

        ApiClient.Response response = deliver("{\"hello\":\"world\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aDuplicateDeliveryAnswers200AndChangesNothing() {
        String payload = payment();
        String id = idOf(payload);
        deliverOk(payload);
        assertThat(awaitFinalStatus(id)).isEqualTo("processed");
        Map<String, Object> before = jdbc.sql("select * from stripe_event where id = ?")
                .param(id)
                .query()
                .singleRow();

        ApiClient.Response again = deliver(payload);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(jdbc.sql("select * from stripe_event where id = ?")
                        .param(id)
                        .query()
                        .singleRow())
                .isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from ledger_entry where stripe_event_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anUnhandledTypeIsAnsweredAndMarkedIgnored() {
        String id = stripeId("evt");
        deliverOk(event(id, "customer.created", Map.of("id", stripeId("cus"), "object", "customer")));

        assertThat(awaitFinalStatus(id)).isEqualTo("ignored");
    }

    @Test
    void theSignatureCoversTheExactUtf8BytesOfANonAsciiBodySentWithoutACharset() {
        String id = stripeId("evt");
        String payload = event(
                id, "customer.created", Map.of("id", stripeId("cus"), "object", "customer", "name", "Zoë Café, Łódź"));
        String header = StripeSigner.header(clock().instant().getEpochSecond(), payload, SECRET);

        ApiClient.Response response = api().send(api().request("/webhooks/stripe", null)
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", header)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        payload, java.nio.charset.StandardCharsets.UTF_8))
                .build());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(awaitFinalStatus(id)).isEqualTo("ignored");
    }

    @Test
    void anEventForAnUnknownOrganisationIsKeptUnmatchedAndAppliesNothing() {
        String id = stripeId("evt");
        UUID stranger = UUID.randomUUID();
        deliverOk(event(id, "payment_intent.succeeded", paymentIntent(stripeId("pi"), 900, stranger, null)));

        assertThat(awaitFinalStatus(id)).isEqualTo("unmatched");
        assertThat(jdbc.sql("select outcome from stripe_event where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .contains(stranger.toString());
        assertThat(jdbc.sql("select count(*) from ledger_entry where org_id = ? or stripe_event_id = ?")
                        .params(stranger, id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anEventWithoutAnyOrganisationIsKeptUnmatched() {
        String id = stripeId("evt");
        deliverOk(event(id, "payment_intent.succeeded", paymentIntent(stripeId("pi"), 900, null, null)));

        assertThat(awaitFinalStatus(id)).isEqualTo("unmatched");
    }

    @Test
    void anEventWhoseHandlerFailsIsTriedAgainLaterAndTheEventsStoredWithItAreProcessed() {
        Instant now = clock.instant();
        String broken = stripeId("evt");
        String good = payment();
        // stored as they are, oldest first, so one round of the worker likely holds both
        events.insertIfAbsent(broken, "payment_intent.succeeded", now.minusSeconds(1), "{not json", "test", now, null);
        events.insertIfAbsent(idOf(good), "payment_intent.succeeded", now, good, "test", now, null);

        assertThat(awaitFinalStatus(idOf(good))).isEqualTo("processed");
        await().until(() -> jdbc.sql("select attempts from stripe_event where id = ?")
                        .param(broken)
                        .query(Integer.class)
                        .single()
                >= 1);
        Map<String, Object> row = jdbc.sql(
                        "select status, outcome, next_attempt_at > ? as later from stripe_event where id = ?")
                .params(java.sql.Timestamp.from(now), broken)
                .query()
                .singleRow();
        assertThat(row.get("status")).isEqualTo("received");
        assertThat((String) row.get("outcome")).isNotBlank();
        assertThat(row.get("later")).isEqualTo(true);
    }
}
