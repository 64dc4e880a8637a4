package io.leadpulse.billing.checkout;

import io.leadpulse.billing.BillingProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The offline checkout: a plan's Stripe payment link with the organisation as
 * {@code client_reference_id}, which Stripe hands back on {@code checkout.session.completed}.
 */
final class PaymentLinks {

    private PaymentLinks() {}

    static Optional<String> forOrg(BillingProperties.Plan plan, UUID orgId) {
        if (plan.paymentLink() == null || plan.paymentLink().isBlank()) {
            return Optional.empty();
        }
        String link = plan.paymentLink();
        String separator = link.contains("?") ? "&" : "?";
        return Optional.of(link + separator + "client_reference_id="
                + URLEncoder.encode(orgId.toString(), StandardCharsets.UTF_8));
    }
}
