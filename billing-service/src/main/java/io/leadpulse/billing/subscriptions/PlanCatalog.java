package io.leadpulse.billing.subscriptions;

import io.leadpulse.billing.BillingProperties;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The plans of configuration ({@code billing.plans}): the trial and the paid plans with their Stripe prices. */
@Component
public class PlanCatalog {

    public static final String TRIAL = "trial";

    private final BillingProperties.Plans plans;

    PlanCatalog(BillingProperties properties) {
        this.plans = properties.plans();
    }

    public BillingProperties.Plans settings() {
        return plans;
    }

    public Optional<BillingProperties.Plan> paid(String code) {
        return plans.paid().stream().filter(p -> p.code().equals(code)).findFirst();
    }

    /**
     * The plan a Stripe price belongs to: our {@code plan} metadata first, then the configured price
     * ids, then a lookup key {@code <code>_monthly} / {@code <code>_yearly}.
     */
    public Optional<BillingProperties.Plan> ofStripe(String planMetadata, String priceId, String lookupKey) {
        if (planMetadata != null) {
            Optional<BillingProperties.Plan> named = paid(planMetadata);
            if (named.isPresent()) {
                return named;
            }
        }
        if (priceId != null) {
            Optional<BillingProperties.Plan> byPrice = plans.paid().stream()
                    .filter(p -> priceId.equals(p.stripeMonthlyPrice()) || priceId.equals(p.stripeYearlyPrice()))
                    .findFirst();
            if (byPrice.isPresent()) {
                return byPrice;
            }
        }
        if (lookupKey != null && lookupKey.contains("_")) {
            return paid(lookupKey.substring(0, lookupKey.lastIndexOf('_')));
        }
        return Optional.empty();
    }
}
