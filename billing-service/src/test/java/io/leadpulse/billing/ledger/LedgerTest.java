package io.leadpulse.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.billing.StripeSigner;
import io.leadpulse.platform.test.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LedgerTest extends BillingServiceTestSupport {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aLeadPaymentIsOneEntryWithItsEventAndGoesToTheLeadAndItsRepNotTheOrgChannel() {
        UUID org = knownOrg();
        UUID rep = UUID.randomUUID();
        UUID lead = createLead(org, rep);
        String pi = stripeId("pi");
        String id = stripeId("evt");

        deliverOk(event(id, "payment_intent.succeeded", paymentIntent(pi, 4999, org, lead)));

        assertThat(awaitFinalStatus(id)).isEqualTo("processed");
        Map<String, Object> entry = jdbc.sql("select * from ledger_entry where org_id = ?")
                .param(org)
                .query()
                .singleRow();
        assertThat(entry)
                .containsEntry("type", "payment")
                .containsEntry("amount_minor", 4999L)
                .containsEntry("currency", "eur")
                .containsEntry("lead_id", lead)
                .containsEntry("payment_intent_id", pi)
                .containsEntry("stripe_event_id", id);
        JsonNode event = outboxPayload("payment.succeeded", org);
        assertThat(event.get("subject").asString()).isEqualTo(org.toString());
        assertThat(event.get("data").get("leadId").asString()).isEqualTo(lead.toString());
        assertThat(event.get("data").get("amount").asLong()).isEqualTo(4999);
        assertThat(realtimeChannels("payment.succeeded", entry.get("id")))
                .containsExactly("private-lead-" + lead, "private-user-" + rep);
    }

    @Test
    void aPaymentStaysInTheTraceOfTheWebhookRequestThatDeliveredIt() {
        UUID org = knownOrg();
        UUID lead = createLead(org, UUID.randomUUID());
        String id = stripeId("evt");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String payload = event(id, "payment_intent.succeeded", paymentIntent(stripeId("pi"), 1500, org, lead));

        ApiClient.Response answer = deliver(
                payload,
                StripeSigner.header(clock().instant().getEpochSecond(), payload, SECRET),
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(awaitFinalStatus(id)).isEqualTo("processed");
        // processed later by the worker, from the store: the event and its realtime message keep the trace id
        List<String> traceparents = jdbc.sql("select traceparent from outbox where payload::text like ?")
                .param("%" + lead + "%")
                .query(String.class)
                .list();
        assertThat(traceparents).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("00-" + traceId + "-"));
    }

    @Test
    void theOrganisationsOwnPaymentGoesToTheOrgChannel() {
        UUID org = knownOrg();
        String id = stripeId("evt");

        deliverOk(event(id, "invoice.paid", invoice(stripeId("in"), stripeId("pi"), 2900, org, stripeId("cus"))));

        assertThat(awaitFinalStatus(id)).isEqualTo("processed");
        UUID entryId = jdbc.sql("select id from ledger_entry where org_id = ?")
                .param(org)
                .query(UUID.class)
                .single();
        assertThat(realtimeChannels("payment.succeeded", entryId)).containsExactly("private-org-" + org);
    }

    @Test
    void anInvoiceAndItsPaymentIntentAreOnePayment() {
        UUID org = knownOrg();
        String customer = stripeId("cus");
        String pi = stripeId("pi");
        String invoice = stripeId("in");
        String paid = stripeId("evt");
        String piEvent = stripeId("evt");
        String piOfInvoiceNewApi = stripeId("evt");

        deliverOk(event(paid, "invoice.paid", invoice(invoice, pi, 2900, org, customer)));
        // Before API 2025-03-31 the PaymentIntent names its invoice; after, only the customer links it.
        deliverOk(event(
                piEvent, "payment_intent.succeeded", with(paymentIntent(pi, 2900, null, null), "invoice", invoice)));
        deliverOk(event(
                piOfInvoiceNewApi,
                "payment_intent.succeeded",
                with(paymentIntent(pi, 2900, null, null), "customer", customer)));

        assertThat(awaitFinalStatus(paid)).isEqualTo("processed");
        assertThat(awaitFinalStatus(piEvent)).isEqualTo("ignored");
        assertThat(awaitFinalStatus(piOfInvoiceNewApi)).isEqualTo("processed");
        assertThat(count("select count(*) from ledger_entry where org_id = ?", org))
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from outbox where type = 'payment.succeeded' and payload::text like ?",
                        "%" + org + "%"))
                .isEqualTo(1);
    }

    @Test
    void failuresAreEntriesWithStripesCode() {
        UUID org = knownOrg();
        String pi = stripeId("pi");
        String piFailed = stripeId("evt");
        String invoiceFailed = stripeId("evt");
        Map<String, Object> failedPi = with(
                with(paymentIntent(pi, 1200, org, null), "status", "requires_payment_method"),
                "last_payment_error",
                Map.of("code", "card_declined", "decline_code", "insufficient_funds", "message", "Your card..."));

        deliverOk(event(piFailed, "payment_intent.payment_failed", failedPi));
        deliverOk(event(
                invoiceFailed,
                "invoice.payment_failed",
                with(
                        with(invoice(stripeId("in"), null, 0, org, stripeId("cus")), "amount_due", 2900),
                        "attempt_count",
                        2)));

        assertThat(awaitFinalStatus(piFailed)).isEqualTo("processed");
        assertThat(awaitFinalStatus(invoiceFailed)).isEqualTo("processed");
        assertThat(jdbc.sql(
                                "select type, amount_minor, failure_reason from ledger_entry where org_id = ? order by amount_minor")
                        .param(org)
                        .query()
                        .listOfRows())
                .containsExactly(
                        Map.of("type", "failure", "amount_minor", 1200L, "failure_reason", "insufficient_funds"),
                        Map.of("type", "failure", "amount_minor", 2900L, "failure_reason", "invoice_payment_failed"));
        assertThat(count(
                        "select count(*) from outbox where type = 'payment.failed' and payload::text like ?",
                        "%" + org + "%"))
                .isEqualTo(2);
    }

    @Test
    void aRefundBeforeItsPaymentWaitsForItAndLandsOnThePaymentsLead() {
        UUID org = knownOrg();
        UUID lead = createLead(org, UUID.randomUUID());
        String pi = stripeId("pi");
        String refund = stripeId("evt");
        String payment = stripeId("evt");

        deliverOk(event(refund, "charge.refunded", charge(pi, 1000, 400)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select attempts from stripe_event where id = ?")
                                .param(refund)
                                .query(Integer.class)
                                .single()
                        >= 1);
        assertThat(eventStatus(refund)).isEqualTo("received");

        deliverOk(event(payment, "payment_intent.succeeded", paymentIntent(pi, 1000, org, lead)));

        assertThat(awaitFinalStatus(refund)).isEqualTo("processed");
        assertThat(jdbc.sql("select type, amount_minor, lead_id from ledger_entry where org_id = ? order by type")
                        .param(org)
                        .query()
                        .listOfRows())
                .containsExactly(
                        Map.of("type", "payment", "amount_minor", 1000L, "lead_id", lead),
                        Map.of("type", "refund", "amount_minor", 400L, "lead_id", lead));
    }

    @Test
    void partialRefundsInAnyOrderEndAtTheRefundedTotal() {
        UUID org = knownOrg();
        String pi = stripeId("pi");
        String payment = stripeId("evt");
        deliverOk(event(payment, "payment_intent.succeeded", paymentIntent(pi, 1000, org, null)));
        assertThat(awaitFinalStatus(payment)).isEqualTo("processed");
        String second = stripeId("evt");
        String first = stripeId("evt");

        // The later refund (cumulative 1000) arrives before the earlier one (cumulative 300).
        deliverOk(event(second, "charge.refunded", charge(pi, 1000, 1000)));
        assertThat(awaitFinalStatus(second)).isEqualTo("processed");
        deliverOk(event(first, "charge.refunded", charge(pi, 1000, 300)));
        assertThat(awaitFinalStatus(first)).isEqualTo("processed");

        assertThat(count(
                        "select coalesce(sum(amount_minor), 0) from ledger_entry where org_id = ? and type = 'refund'",
                        org))
                .isEqualTo(1000);
    }

    @Test
    void aLeadOfAnotherOrganisationIsNeverAttachedToThePayment() {
        UUID org = knownOrg();
        UUID otherOrgsLead = createLead(knownOrg(), UUID.randomUUID());
        String id = stripeId("evt");

        deliverOk(event(id, "payment_intent.succeeded", paymentIntent(stripeId("pi"), 700, org, otherOrgsLead)));

        assertThat(awaitFinalStatus(id)).isEqualTo("processed");
        assertThat(jdbc.sql("select lead_id from ledger_entry where org_id = ?")
                        .param(org)
                        .query()
                        .singleRow()
                        .get("lead_id"))
                .isNull();
    }

    @Test
    void theSameEventsReplayedTwiceAndShuffledEndInTheSameLedger() {
        UUID inOrder = knownOrg();
        UUID shuffled = knownOrg();
        List<Scenario> scenarios = List.of(new Scenario(inOrder), new Scenario(shuffled));
        List<String> ordered = scenarios.get(0).events();
        List<String> mixed = new ArrayList<>(scenarios.get(1).events());
        mixed.addAll(scenarios.get(1).events().stream().map(this::redelivery).toList());
        mixed.addAll(scenarios.get(1).events());
        Collections.shuffle(mixed, new Random(5));

        ordered.forEach(this::deliverOk);
        mixed.forEach(this::deliverOk);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "select count(*) from stripe_event where status = 'received' and payload like ?",
                                "%" + shuffled + "%")
                        == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger(shuffled).equals(ledger(inOrder)));
        assertThat(ledger(inOrder))
                .containsExactly(
                        "failure:500:eur:card_declined", "payment:2000:eur:", "payment:3000:eur:", "refunded:1200");
        assertThat(count("select count(*) from ledger_entry where org_id = ? and type = 'payment'", shuffled))
                .isEqualTo(2);
    }

    /** A redelivery of the same event: new signature timestamp, same id and body. */
    private String redelivery(String payload) {
        return payload;
    }

    /** A small history for one organisation: payments, a failure and two partial refunds. */
    private final class Scenario {
        private final UUID org;
        private final List<String> events = new ArrayList<>();

        Scenario(UUID org) {
            this.org = org;
            String pi1 = stripeId("pi");
            String pi2 = stripeId("pi");
            String customer = stripeId("cus");
            events.add(event(
                    stripeId("evt"),
                    "payment_intent.payment_failed",
                    with(
                            paymentIntent(stripeId("pi"), 500, org, null),
                            "last_payment_error",
                            Map.of("code", "card_declined"))));
            events.add(event(stripeId("evt"), "payment_intent.succeeded", paymentIntent(pi1, 2000, org, null)));
            events.add(event(stripeId("evt"), "invoice.paid", invoice(stripeId("in"), pi2, 3000, org, customer)));
            events.add(event(stripeId("evt"), "charge.refunded", charge(pi1, 2000, 500)));
            events.add(event(stripeId("evt"), "charge.refunded", charge(pi1, 2000, 1200)));
        }

        List<String> events() {
            return events;
        }
    }

    /**
     * The money state of an organisation, which must not depend on delivery order: every payment
     * and failure, and the refunded total. (Refunds reported only as a charge's cumulative
     * {@code amount_refunded} may be split differently: 500 + 700 in order, one 1,200 when the later
     * event comes first.)
     */
    private List<String> ledger(UUID org) {
        List<String> state =
                new ArrayList<>(jdbc.sql("""
                        select type || ':' || amount_minor || ':' || currency || ':' || coalesce(failure_reason, '')
                        from ledger_entry where org_id = ? and type <> 'refund'
                        order by 1
                        """).param(org).query(String.class).list());
        state.add("refunded:"
                + count(
                        "select coalesce(sum(amount_minor), 0) from ledger_entry where org_id = ? and type = 'refund'",
                        org));
        return state;
    }

    private Map<String, Object> invoice(String id, String paymentIntent, long paid, UUID org, String customer) {
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("id", id);
        invoice.put("object", "invoice");
        invoice.put("amount_paid", paid);
        invoice.put("amount_due", paid);
        invoice.put("currency", "eur");
        invoice.put("customer", customer);
        invoice.put("payment_intent", paymentIntent);
        invoice.put("subscription", "sub_" + id.substring(3));
        invoice.put("attempt_count", 1);
        invoice.put("subscription_details", Map.of("metadata", Map.of("org_id", org.toString())));
        invoice.put("metadata", Map.of());
        return invoice;
    }

    private Map<String, Object> charge(String paymentIntent, long amount, long refunded) {
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", "ch_" + paymentIntent.substring(3));
        charge.put("object", "charge");
        charge.put("amount", amount);
        charge.put("amount_refunded", refunded);
        charge.put("refunded", refunded == amount);
        charge.put("currency", "eur");
        charge.put("payment_intent", paymentIntent);
        charge.put("metadata", Map.of());
        return charge;
    }

    private JsonNode outboxPayload(String type, UUID org) {
        String payload = jdbc.sql("select payload::text from outbox where type = ? and payload::text like ?")
                .params(type, "%" + org + "%")
                .query(String.class)
                .single();
        return json.readTree(payload);
    }

    private List<String> realtimeChannels(String event, Object entryId) {
        String payload = jdbc.sql("""
                        select payload::text from outbox
                        where type = 'realtime.message' and payload->>'event' = ? and payload->'data'->>'entryId' = ?
                        """)
                .params(event, entryId.toString())
                .query(String.class)
                .single();
        List<String> channels = new ArrayList<>();
        json.readTree(payload).get("channels").forEach(node -> channels.add(node.asString()));
        return channels;
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
