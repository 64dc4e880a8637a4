package io.leadpulse.billing.reconciliation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.billing.BillingServiceTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StripeReconciliationTest extends BillingServiceTestSupport {

    @Autowired
    StripeReconciliation reconciliation;

    @Test
    void storesAndAppliesWhatTheWebhooksMissedOnceAndKeepsItsCursor() {
        UUID org = knownOrg();
        String delivered = stripeId("evt");
        String missed = stripeId("evt");
        String deliveredEvent =
                event(delivered, "payment_intent.succeeded", paymentIntent(stripeId("pi"), 1100, org, null));
        String missedEvent = event(missed, "payment_intent.succeeded", paymentIntent(stripeId("pi"), 2200, org, null));
        deliverOk(deliveredEvent);
        assertThat(awaitFinalStatus(delivered)).isEqualTo("processed");
        STRIPE.stubFor(get(urlPathEqualTo("/v1/events"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":false,\"data\":["
                                + missedEvent + "," + deliveredEvent + "]}")));

        StripeReconciliation.Result first = reconciliation.reconcile();
        StripeReconciliation.Result second = reconciliation.reconcile();

        assertThat(first.listed()).isEqualTo(2);
        assertThat(first.missed()).isEqualTo(1);
        assertThat(second.missed()).isZero();
        assertThat(awaitFinalStatus(missed)).isEqualTo("processed");
        assertThat(jdbc.sql("select source from stripe_event where id = ?")
                        .param(missed)
                        .query(String.class)
                        .single())
                .isEqualTo("reconciliation");
        assertThat(jdbc.sql("select amount_minor from ledger_entry where org_id = ? order by amount_minor")
                        .param(org)
                        .query(Long.class)
                        .list())
                .containsExactly(1100L, 2200L);
        assertThat(jdbc.sql("select count(*) from reconciliation_cursor")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(STRIPE.findAll(
                        getRequestedFor(urlPathEqualTo("/v1/events")).withQueryParam("created[gte]", matching("\\d+"))))
                .isNotEmpty();
    }
}
