package io.leadpulse.billing.revenue;

import static io.leadpulse.billing.subscriptions.SubscriptionFixtures.subscriptionObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TestJwtIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RevenueTest extends BillingServiceTestSupport {

    @Autowired
    MeterRegistry meters;

    private final String operator =
            TestJwtIssuer.get().token(UUID.randomUUID(), UUID.fromString(OPERATOR_ORG), "ADMIN");

    @Test
    void revenueByTypeAndDayComesFromTheOrganisationsLedger() {
        UUID org = knownOrg();
        String admin = TestJwtIssuer.get().token(UUID.randomUUID(), org, "ADMIN");
        String pi = stripeId("pi");
        List<String> ids = new ArrayList<>();
        ids.add(deliverId("payment_intent.succeeded", paymentIntent(pi, 2000, org, null)));
        ids.add(deliverId("payment_intent.succeeded", paymentIntent(stripeId("pi"), 1000, org, null)));
        ids.add(deliverId(
                "payment_intent.payment_failed",
                with(
                        paymentIntent(stripeId("pi"), 700, org, null),
                        "last_payment_error",
                        Map.of("code", "card_declined"))));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ids.stream().allMatch(id -> !"received".equals(eventStatus(id))));
        String refund = deliverId(
                "charge.refunded",
                Map.of(
                        "id",
                        "ch_" + pi.substring(3),
                        "object",
                        "charge",
                        "amount",
                        2000,
                        "amount_refunded",
                        500,
                        "currency",
                        "eur",
                        "payment_intent",
                        pi));
        assertThat(awaitFinalStatus(refund)).isEqualTo("processed");
        String today = LocalDate.ofInstant(clock().instant(), ZoneOffset.UTC).toString();

        ApiClient.Response response = api().get("/api/billing/revenue?from=" + today + "&to=" + today, admin);

        assertThat(response.status()).isEqualTo(200);
        JsonNode byType = response.json().get("byType");
        assertThat(byType.get("payment").asLong()).isEqualTo(3000);
        assertThat(byType.get("refund").asLong()).isEqualTo(500);
        assertThat(byType.get("failure").asLong()).isEqualTo(700);
        assertThat(byType.get("net").asLong()).isEqualTo(2500);
        assertThat(response.json().get("byDay").get(0).get("day").asString()).isEqualTo(today);
        String rep = TestJwtIssuer.get().token(UUID.randomUUID(), org, "REP");
        assertThat(api().get("/api/billing/revenue", rep).status()).isEqualTo(403);
        assertThat(api().get("/api/billing/revenue?from=yesterday", admin).status())
                .isEqualTo(400);
    }

    @Test
    void aRepEarnsItsShareOfWhatItsWonLeadsPay() {
        UUID org = knownOrg();
        UUID rep1 = UUID.randomUUID();
        UUID rep2 = UUID.randomUUID();
        UUID won = createLead(org, rep1);
        UUID open = createLead(org, rep2);
        publish(new LeadEvent.LeadStatusChanged(org, won, "HOT", "WON", rep1, rep1, null, Instant.now()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "WON"
                        .equals(jdbc.sql("select status from lead_owner where lead_id = ?")
                                .param(won)
                                .query(String.class)
                                .single()));
        String a = deliverId("payment_intent.succeeded", paymentIntent(stripeId("pi"), 12345, org, won));
        String b = deliverId("payment_intent.succeeded", paymentIntent(stripeId("pi"), 9999, org, open));
        assertThat(awaitFinalStatus(a)).isEqualTo("processed");
        assertThat(awaitFinalStatus(b)).isEqualTo("processed");

        JsonNode reps = api().get(
                        "/api/billing/commissions", TestJwtIssuer.get().token(UUID.randomUUID(), org, "ADMIN"))
                .json()
                .get("reps");

        assertThat(reps).hasSize(1);
        assertThat(reps.get(0).get("repId").asString()).isEqualTo(rep1.toString());
        assertThat(reps.get(0).get("net").asLong()).isEqualTo(12345);
        assertThat(reps.get(0).get("commission").asLong()).isEqualTo(1235); // 10 %, half up
    }

    @Test
    void dailyMrrMovementsClassifyNewExpansionContractionChurnAndReactivation() {
        LocalDate day =
                LocalDate.of(2031, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000));
        long t1 = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() + 3600;
        long t2 = t1 + 3600;
        long t3 = t2 + 3600;
        UUID a = knownOrg();
        UUID b = knownOrg();
        UUID c = knownOrg();
        UUID d = knownOrg();
        UUID e = knownOrg();
        UUID f = knownOrg();
        List<String> ids = new ArrayList<>();
        // a: new starter monthly (+4,900)
        ids.add(sub(
                a,
                "sub_a",
                "customer.subscription.created",
                t1,
                "active",
                "price_starter_monthly",
                4900,
                "month",
                null));
        // b: new starter (+4,900), upgraded to growth (+5,000 expansion)
        ids.add(sub(
                b,
                "sub_b",
                "customer.subscription.created",
                t1,
                "active",
                "price_starter_monthly",
                4900,
                "month",
                null));
        ids.add(sub(
                b,
                "sub_b",
                "customer.subscription.updated",
                t2,
                "active",
                "price_growth_monthly",
                9900,
                "month",
                null));
        // c: new growth yearly (+8,250), canceled (-8,250 churn)
        ids.add(sub(
                c, "sub_c", "customer.subscription.created", t1, "active", "price_growth_yearly", 99000, "year", null));
        ids.add(sub(
                c,
                "sub_c",
                "customer.subscription.deleted",
                t2,
                "canceled",
                "price_growth_yearly",
                99000,
                "year",
                null));
        // d: new starter (+4,900), canceled (-4,900 churn), back on a new subscription (+4,900 reactivation)
        ids.add(sub(
                d,
                "sub_d1",
                "customer.subscription.created",
                t1,
                "active",
                "price_starter_monthly",
                4900,
                "month",
                null));
        ids.add(sub(
                d,
                "sub_d1",
                "customer.subscription.deleted",
                t2,
                "canceled",
                "price_starter_monthly",
                4900,
                "month",
                null));
        ids.add(sub(
                d,
                "sub_d2",
                "customer.subscription.created",
                t3,
                "active",
                "price_starter_monthly",
                4900,
                "month",
                null));
        // e: new growth with a forever 20 % coupon (+7,920)
        ids.add(sub(
                e,
                "sub_e",
                "customer.subscription.created",
                t1,
                "active",
                "price_growth_monthly",
                9900,
                "month",
                Map.of("id", "forever20", "percent_off", 20, "duration", "forever")));
        // f: new growth (+9,900) downgraded to starter (-5,000 contraction)
        ids.add(sub(
                f,
                "sub_f",
                "customer.subscription.created",
                t1,
                "active",
                "price_growth_monthly",
                9900,
                "month",
                null));
        ids.add(sub(
                f,
                "sub_f",
                "customer.subscription.updated",
                t2,
                "active",
                "price_starter_monthly",
                4900,
                "month",
                null));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ids.stream().allMatch(id -> !"received".equals(eventStatus(id))));

        ApiClient.Response response = api().get("/api/billing/mrr?from=" + day + "&to=" + day, operator);

        assertThat(response.status()).isEqualTo(200);
        JsonNode totals = response.json().get("movementTotals");
        assertThat(totals.get("new").asLong()).isEqualTo(4900 + 4900 + 8250 + 4900 + 7920 + 9900);
        assertThat(totals.get("expansion").asLong()).isEqualTo(5000);
        assertThat(totals.get("contraction").asLong()).isEqualTo(-5000);
        assertThat(totals.get("churn").asLong()).isEqualTo(-8250 - 4900);
        assertThat(totals.get("reactivation").asLong()).isEqualTo(4900);
        assertThat(response.json().get("arr").asLong())
                .isEqualTo(12 * response.json().get("mrr").asLong());
        assertThat(response.json().get("projection")).hasSize(3);
        // the dashboard's gauge shows the same platform MRR as the API once its 5 s cache is stale
        clock.advance(RevenueMetrics.MAX_AGE.plusSeconds(1));
        double gauge = meters.get("billing.mrr.minor").gauge().value();
        assertThat(gauge).isPositive().isEqualTo((double)
                api().get("/api/billing/mrr", operator).json().get("mrr").asLong());
        JsonNode risk = api().get("/api/billing/churn-risk", operator).json().get("clients");
        assertThat(risk.valueStream()
                        .filter(r -> r.get("orgId").asString().equals(f.toString()))
                        .findFirst()
                        .orElseThrow()
                        .get("reasons")
                        .get(0)
                        .asString())
                .isEqualTo("downgraded");
        String otherAdmin = TestJwtIssuer.get().token(UUID.randomUUID(), a, "ADMIN");
        assertThat(api().get("/api/billing/mrr", otherAdmin).status()).isEqualTo(404);
        assertThat(api().get("/api/billing/churn-risk", otherAdmin).status()).isEqualTo(404);
    }

    private String sub(
            UUID org,
            String id,
            String type,
            long created,
            String status,
            String price,
            long amount,
            String interval,
            Map<String, Object> coupon) {
        String eventId = stripeId("evt");
        deliverOk(event(
                eventId,
                type,
                created,
                subscriptionObject(
                        id + "_" + org.toString().substring(0, 6), org, status, price, amount, interval, coupon)));
        return eventId;
    }

    private String deliverId(String type, Map<String, Object> object) {
        String id = stripeId("evt");
        deliverOk(event(id, type, object));
        return id;
    }
}
