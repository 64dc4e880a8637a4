package io.leadpulse.billing.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.billing.BillingProperties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentLinksTest {

    private static BillingProperties.Plan plan(String link) {
        return new BillingProperties.Plan("starter", "Starter", 2500, 4900, 49000, "eur", "p_m", "p_y", link);
    }

    @Test
    void carriesTheOrganisationAsClientReference() {
        UUID org = UUID.fromString("8d0c4a3e-1111-4a55-9b1e-3f1f8d2c0a01");

        assertThat(PaymentLinks.forOrg(plan("https://buy.stripe.com/test_abc"), org))
                .contains("https://buy.stripe.com/test_abc?client_reference_id=" + org);
        assertThat(PaymentLinks.forOrg(plan("https://buy.stripe.com/test_abc?locale=fr"), org))
                .contains("https://buy.stripe.com/test_abc?locale=fr&client_reference_id=" + org);
    }

    @Test
    void aPlanWithoutALinkHasNone() {
        assertThat(PaymentLinks.forOrg(plan(""), UUID.randomUUID())).isEmpty();
        assertThat(PaymentLinks.forOrg(plan(null), UUID.randomUUID())).isEmpty();
    }
}
