package io.leadpulse.billing.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TestJwtIssuer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheckoutTest extends BillingServiceTestSupport {

    private final UUID org = UUID.randomUUID();
    private final UUID adminId = UUID.randomUUID();
    private final String admin = TestJwtIssuer.get().token(adminId, org, "ADMIN");

    private void stripeAnswers(int status, String body) {
        STRIPE.stubFor(post(urlEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing(org.toString()))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    @Test
    void anAdminGetsAStripeCheckoutSessionCarryingTheOrganisationAndThePlanDoesNotChangeYet() {
        String session = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        stripeAnswers(200, """
                {"id": "%s", "object": "checkout.session", "mode": "subscription",
                 "url": "https://checkout.stripe.com/c/pay/%s", "client_reference_id": "%s"}
                """.formatted(session, session, org));

        ApiClient.Response response =
                api().postJson("/api/billing/checkout", admin, Map.of("plan", "growth", "interval", "year"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("url").asString()).isEqualTo("https://checkout.stripe.com/c/pay/" + session);
        assertThat(response.json().get("sessionId").asString()).isEqualTo(session);
        List<LoggedRequest> sent = STRIPE.findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withHeader("Authorization", equalTo("Bearer sk_test_billing"))
                .withRequestBody(containing(org.toString())));
        assertThat(sent).hasSize(1);
        String form = URLDecoder.decode(sent.getFirst().getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(form)
                .contains("mode=subscription")
                .contains("client_reference_id=" + org)
                .contains("metadata[org_id]=" + org)
                .contains("subscription_data[metadata][org_id]=" + org)
                .contains("line_items[0][price]=price_growth_yearly")
                .contains("success_url=http://localhost:8080/billing/success?session_id={CHECKOUT_SESSION_ID}");
        assertThat(sent.getFirst().getHeader("Idempotency-Key")).startsWith("checkout-");
        assertThat(api().get("/api/billing/subscription", admin)
                        .json()
                        .get("plan")
                        .asString())
                .isEqualTo("trial");
    }

    @Test
    void aRepMayNotBuy() {
        String rep = TestJwtIssuer.get().token(UUID.randomUUID(), org, "REP");

        ApiClient.Response response =
                api().postJson("/api/billing/checkout", rep, Map.of("plan", "growth", "interval", "month"));

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void anUnknownPlanOrIntervalIsA400NamingTheField() {
        ApiClient.Response plan =
                api().postJson("/api/billing/checkout", admin, Map.of("plan", "platinum", "interval", "month"));
        ApiClient.Response interval =
                api().postJson("/api/billing/checkout", admin, Map.of("plan", "growth", "interval", "weekly"));
        ApiClient.Response trial =
                api().postJson("/api/billing/checkout", admin, Map.of("plan", "trial", "interval", "month"));

        assertThat(plan.status()).isEqualTo(400);
        assertThat(plan.json().get("errors").get(0).get("field").asString()).isEqualTo("plan");
        assertThat(interval.status()).isEqualTo(400);
        assertThat(interval.json().get("errors").get(0).get("field").asString()).isEqualTo("interval");
        assertThat(trial.status()).isEqualTo(400);
    }

    @Test
    void stripeRefusingIsA502AndNothingChanges() {
        stripeAnswers(400, """
                {"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "No such price"}}
                """);

        ApiClient.Response response =
                api().postJson("/api/billing/checkout", admin, Map.of("plan", "scale", "interval", "month"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.isProblem()).isTrue();
    }
}
