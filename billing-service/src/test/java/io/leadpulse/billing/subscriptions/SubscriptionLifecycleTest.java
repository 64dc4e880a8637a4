package io.leadpulse.billing.subscriptions;

import static io.leadpulse.billing.subscriptions.SubscriptionFixtures.subscriptionObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TestJwtIssuer;
import java.time.Duration;
import java.time.Instant;
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

class SubscriptionLifecycleTest extends BillingServiceTestSupport {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyOrganisationStartsOnTheTrialWhenBillingFirstSeesIt() {
        UUID org = knownOrg();

        Map<String, Object> row = subscription(org);
        assertThat(row)
                .containsEntry("plan", "trial")
                .containsEntry("status", "trialing")
                .containsEntry("lead_limit", 500);
        assertThat(planChanges(org)).extracting(e -> e.get("status").asString()).containsExactly("trialing");
    }

    @Test
    void theFirstApiCallOfAnUnseenOrganisationStartsItsTrial() {
        UUID org = UUID.randomUUID();
        String admin = TestJwtIssuer.get().token(UUID.randomUUID(), org, "ADMIN");

        ApiClient.Response response = api().get("/api/billing/subscription", admin);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("plan").asString()).isEqualTo("trial");
        assertThat(response.json().get("leadLimit").asInt()).isEqualTo(500);
        String rep = TestJwtIssuer.get().token(UUID.randomUUID(), org, "REP");
        assertThat(api().get("/api/billing/subscription", rep).json().has("mrr"))
                .isFalse();
    }

    @Test
    void aPaidSubscriptionMovesTheOrganisationToItsPlanAndTellsLeadService() {
        UUID org = knownOrg();
        String sub = stripeId("sub");
        long t = clock().instant().getEpochSecond() + 1;
        String id = stripeId("evt");

        deliverOk(event(
                id,
                "customer.subscription.created",
                t,
                subscriptionObject(sub, org, "active", "price_starter_monthly", 4900, "month", null)));

        assertThat(awaitFinalStatus(id)).isEqualTo("processed");
        assertThat(subscription(org))
                .containsEntry("plan", "starter")
                .containsEntry("status", "active")
                .containsEntry("lead_limit", 2500)
                .containsEntry("mrr_minor", 4900L);
        JsonNode last = planChanges(org).getLast();
        assertThat(last.get("plan").asString()).isEqualTo("starter");
        assertThat(last.get("leadLimit").asInt()).isEqualTo(2500);
        assertThat(Instant.parse(last.get("effectiveAt").asString())).isEqualTo(Instant.ofEpochSecond(t));
    }

    @Test
    void anUpgradeMidMonthRaisesMrrToTheNewPlan() {
        UUID org = knownOrg();
        String sub = stripeId("sub");
        long t = clock().instant().getEpochSecond();
        deliverOk(event(
                stripeId("evt"),
                "customer.subscription.created",
                t,
                subscriptionObject(sub, org, "active", "price_starter_monthly", 4900, "month", null)));
        String upgrade = stripeId("evt");
        deliverOk(event(
                upgrade,
                "customer.subscription.updated",
                t + 15 * 86400,
                subscriptionObject(sub, org, "active", "price_growth_monthly", 9900, "month", null)));

        assertThat(awaitFinalStatus(upgrade)).isEqualTo("processed");
        assertThat(subscription(org))
                .containsEntry("plan", "growth")
                .containsEntry("mrr_minor", 9900L)
                .containsEntry("lead_limit", 10000);
        assertThat(jdbc.sql(
                                "select mrr_before || '->' || mrr_after from subscription_change where org_id = ? order by at")
                        .param(org)
                        .query(String.class)
                        .list())
                .containsExactly("0->0", "0->4900", "4900->9900");
    }

    @Test
    void invoicesMoveAnActiveSubscriptionToPastDueAndBack() {
        UUID org = knownOrg();
        String sub = stripeId("sub");
        long t = clock().instant().getEpochSecond();
        deliverOk(event(
                stripeId("evt"),
                "customer.subscription.created",
                t,
                subscriptionObject(sub, org, "active", "price_starter_monthly", 4900, "month", null)));
        String failed = stripeId("evt");
        deliverOk(event(failed, "invoice.payment_failed", t + 10, invoiceOf(sub, org, 0)));
        assertThat(awaitFinalStatus(failed)).isEqualTo("processed");
        assertThat(subscription(org)).containsEntry("status", "past_due").containsEntry("mrr_minor", 4900L);

        String paid = stripeId("evt");
        deliverOk(event(paid, "invoice.paid", t + 20, invoiceOf(sub, org, 4900)));
        assertThat(awaitFinalStatus(paid)).isEqualTo("processed");
        assertThat(subscription(org)).containsEntry("status", "active");

        // A failure Stripe reported before the payment, delivered late, changes nothing.
        String late = stripeId("evt");
        deliverOk(event(late, "invoice.payment_failed", t + 15, invoiceOf(sub, org, 0)));
        assertThat(awaitFinalStatus(late)).isEqualTo("processed");
        assertThat(subscription(org)).containsEntry("status", "active");
    }

    @Test
    void theSameSubscriptionEventsReplayedTwiceAndShuffledEndInTheSameState() {
        UUID inOrder = knownOrg();
        UUID shuffled = knownOrg();
        List<String> ordered = history(inOrder);
        List<String> mixed = new ArrayList<>(history(shuffled));
        mixed.addAll(new ArrayList<>(mixed));
        Collections.shuffle(mixed, new Random(12));

        ordered.forEach(this::deliverOk);
        mixed.forEach(this::deliverOk);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from stripe_event where status = 'received' and payload like ?")
                                .param("%" + shuffled + "%")
                                .query(Long.class)
                                .single()
                        == 0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> subscription(inOrder).get("status").equals("canceled"));
        Map<String, Object> a = comparable(subscription(inOrder));
        Map<String, Object> b = comparable(subscription(shuffled));
        assertThat(b).isEqualTo(a);
        assertThat(a)
                .containsEntry("plan", "growth")
                .containsEntry("status", "canceled")
                .containsEntry("lead_limit", 0)
                .containsEntry("mrr_minor", 0L);
        // lead-service applies only newer changes: what it ends with is the last effectiveAt.
        assertThat(lastPlanChange(shuffled).get("status").asString()).isEqualTo("canceled");
        assertThat(lastPlanChange(shuffled).get("leadLimit").asInt()).isZero();
    }

    @Test
    void aPriceOfNoConfiguredPlanChangesNothing() {
        UUID org = knownOrg();
        String id = stripeId("evt");

        deliverOk(event(
                id,
                "customer.subscription.created",
                subscriptionObject(stripeId("sub"), org, "active", "price_unknown", 100, "month", null)));

        assertThat(awaitFinalStatus(id)).isEqualTo("ignored");
        assertThat(subscription(org)).containsEntry("plan", "trial").containsEntry("status", "trialing");
    }

    @Test
    void anUnpaidTrialExpiresWhenItsTimeIsUp() {
        UUID org = knownOrg();
        UUID paying = knownOrg();
        deliverOk(event(
                stripeId("evt"),
                "customer.subscription.created",
                subscriptionObject(stripeId("sub"), paying, "active", "price_starter_yearly", 49000, "year", null)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscription(paying).get("status").equals("active"));

        clock.advance(Duration.ofDays(15));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscription(org).get("status").equals("expired"));
        assertThat(subscription(org)).containsEntry("lead_limit", 0);
        assertThat(lastPlanChange(org).get("status").asString()).isEqualTo("expired");
        assertThat(subscription(paying)).containsEntry("status", "active").containsEntry("mrr_minor", 4083L);
    }

    /** Created, past due, paid again on a bigger plan, canceled: one second apart each. */
    private List<String> history(UUID org) {
        String sub = "sub_" + org.toString().substring(0, 8);
        long t = clock().instant().getEpochSecond();
        return List.of(
                event(
                        stripeId("evt"),
                        "customer.subscription.created",
                        t,
                        subscriptionObject(sub, org, "active", "price_starter_monthly", 4900, "month", null)),
                event(stripeId("evt"), "invoice.payment_failed", t + 1, invoiceOf(sub, org, 0)),
                event(
                        stripeId("evt"),
                        "customer.subscription.updated",
                        t + 2,
                        subscriptionObject(sub, org, "past_due", "price_starter_monthly", 4900, "month", null)),
                event(
                        stripeId("evt"),
                        "customer.subscription.updated",
                        t + 3,
                        subscriptionObject(sub, org, "active", "price_growth_monthly", 9900, "month", null)),
                event(stripeId("evt"), "invoice.paid", t + 3, invoiceOf(sub, org, 9900)),
                event(
                        stripeId("evt"),
                        "customer.subscription.deleted",
                        t + 4,
                        subscriptionObject(sub, org, "canceled", "price_growth_monthly", 9900, "month", null)));
    }

    private static Map<String, Object> comparable(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        for (String perOrg : List.of(
                "org_id",
                "stripe_subscription_id",
                "stripe_customer_id",
                "started_at",
                "updated_at",
                "trial_ends_at",
                "effective_at",
                "stripe_state_at")) {
            copy.remove(perOrg);
        }
        return copy;
    }

    private static Map<String, Object> invoiceOf(String subscription, UUID org, long paid) {
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("id", "in_" + UUID.randomUUID().toString().substring(0, 12));
        invoice.put("object", "invoice");
        invoice.put("subscription", subscription);
        invoice.put("customer", "cus_" + org.toString().substring(0, 8));
        invoice.put("amount_paid", paid);
        invoice.put("amount_due", 4900);
        invoice.put("attempt_count", 1);
        invoice.put("currency", "eur");
        invoice.put("subscription_details", Map.of("metadata", Map.of("org_id", org.toString())));
        return invoice;
    }

    private Map<String, Object> subscription(UUID org) {
        return jdbc.sql("select * from subscription where org_id = ?")
                .param(org)
                .query()
                .singleRow();
    }

    private List<JsonNode> planChanges(UUID org) {
        return jdbc
                .sql(
                        "select payload::text from outbox where type = 'billing.plan_changed' and aggregateid = ? order by created_at")
                .param(org.toString())
                .query(String.class)
                .list()
                .stream()
                .map(p -> json.readTree(p).get("data"))
                .toList();
    }

    /** The change lead-service ends with: the greatest effectiveAt. */
    private JsonNode lastPlanChange(UUID org) {
        return planChanges(org).stream()
                .max((x, y) -> Instant.parse(x.get("effectiveAt").asString())
                        .compareTo(Instant.parse(y.get("effectiveAt").asString())))
                .orElseThrow();
    }
}
