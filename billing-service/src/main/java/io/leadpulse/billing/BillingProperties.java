package io.leadpulse.billing;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of billing-service ({@code billing.*}), documented in the service README.
 *
 * @param webhooks how Stripe webhooks are verified and processed
 */
@ConfigurationProperties("billing")
public record BillingProperties(
        @DefaultValue Webhooks webhooks,
        @DefaultValue Plans plans,
        @DefaultValue Stripe stripe,
        @DefaultValue Checkout checkout,
        @DefaultValue Revenue revenue,
        @DefaultValue Reconciliation reconciliation) {

    /**
     * @param interval how often Stripe's event list is walked (only with a secret key)
     * @param overlap how far before the cursor each walk starts again (events of the same second,
     *     clock skew); what is re-read is a duplicate and changes nothing
     * @param initialLookback where the first walk starts (Stripe keeps events 30 days)
     */
    public record Reconciliation(
            @DefaultValue("5m") Duration interval,
            @DefaultValue("5m") Duration overlap,
            @DefaultValue("3d") Duration initialLookback) {}

    /**
     * @param operatorOrgId the organisation that runs LeadPulse: its ADMINs see platform-wide
     *     figures (MRR of all subscriptions, churn risk, admin metrics); for everyone else those
     *     endpoints do not exist (404). Empty: nobody.
     * @param commissionRate share of what a rep's won leads pay that is the rep's commission
     * @param churnWindow how far back failed payments and downgrades make a client a churn risk
     * @param projectionWindow the past period whose average net MRR movement the projection extends
     */
    public record Revenue(
            UUID operatorOrgId,
            @DefaultValue("0.10") java.math.BigDecimal commissionRate,
            @DefaultValue("30d") Duration churnWindow,
            @DefaultValue("90d") Duration projectionWindow) {}

    /**
     * @param secretKey Stripe secret key; empty means offline: checkout answers the plan's payment link
     * @param apiBase Stripe's API address (a WireMock server in tests)
     * @param timeout connect and read timeout of each call
     * @param maxNetworkRetries stripe-java's own retries (idempotency keys included) of a failed call
     */
    public record Stripe(
            @DefaultValue("") String secretKey,
            @DefaultValue("https://api.stripe.com") String apiBase,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("2") int maxNetworkRetries) {

        public boolean configured() {
            return secretKey != null && !secretKey.isBlank();
        }
    }

    /** Where Stripe Checkout sends the buyer back. */
    public record Checkout(
            @DefaultValue("http://localhost:8080/billing/success?session_id={CHECKOUT_SESSION_ID}")
            String successUrl,

            @DefaultValue("http://localhost:8080/billing/cancel")
            String cancelUrl) {}

    /**
     * @param trialLeadLimit leads an organisation on the trial may hold
     * @param trialLength how long the trial lasts from the organisation's first sight
     * @param lapsedLeadLimit leads allowed once a trial expired or a subscription ended (no new leads by default)
     * @param trialCheckInterval how often the trial expiry job runs
     * @param paid the paid plans, with their Stripe prices
     */
    public record Plans(
            @DefaultValue("500") int trialLeadLimit,
            @DefaultValue("14d") Duration trialLength,
            @DefaultValue("0") int lapsedLeadLimit,
            @DefaultValue("1m") Duration trialCheckInterval,
            List<Plan> paid) {

        public Plans {
            paid = paid == null ? List.of() : List.copyOf(paid);
        }
    }

    /**
     * A paid plan. Amounts are minor units per month and per year.
     *
     * @param stripeMonthlyPrice Stripe price id billed monthly; a subscription on it is this plan
     * @param paymentLink Stripe payment link returned by checkout when no secret key is configured
     */
    public record Plan(
            String code,
            String name,
            int leadLimit,
            long monthlyAmount,
            long yearlyAmount,
            @DefaultValue("eur") String currency,
            String stripeMonthlyPrice,
            String stripeYearlyPrice,
            String paymentLink) {}

    /**
     * @param secrets signing secrets ({@code whsec_...}); more than one during a rotation, any may match
     * @param tolerance how old a signature's timestamp may be
     * @param pollInterval how often the worker looks for stored events when not woken by an ingest
     * @param maxAttempts processing attempts (with backoff) before an event is left as failed or unmatched
     * @param retryBackoff first wait after a failed or deferred attempt; doubles up to {@code maxBackoff}
     * @param maxBackoff longest wait between attempts
     * @param maxConcurrentIngests deliveries verified and stored at once; beyond, after
     *     {@code ingestWait}, 503 with Retry-After (Stripe retries): requests run on virtual threads,
     *     so without this bound an overload piles up requests until the heap runs out
     * @param ingestWait how long a delivery waits for a free slot before the 503
     * @param batchSize events the worker processes in one transaction (a round); a round that fails
     *     is processed again one event per transaction
     */
    public record Webhooks(
            @DefaultValue("whsec_dev_leadpulse") List<String> secrets,
            @DefaultValue("300s") Duration tolerance,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("1s") Duration retryBackoff,
            @DefaultValue("5m") Duration maxBackoff,
            @DefaultValue("32") int maxConcurrentIngests,
            @DefaultValue("2s") Duration ingestWait,
            @DefaultValue("50") int batchSize) {

        public Webhooks {
            secrets = secrets == null
                    ? List.of()
                    : secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("billing.webhooks.secrets needs at least one signing secret");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("billing.webhooks.max-attempts must be at least 1");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("billing.webhooks.batch-size must be at least 1");
            }
        }
    }
}
