package io.leadpulse.billing.checkout;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import io.leadpulse.billing.BillingProperties;
import io.leadpulse.billing.directory.Directory;
import io.leadpulse.billing.subscriptions.PlanCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Starts a purchase of a plan: a Stripe Checkout Session (with a secret key) or the plan's payment
 * link (offline), both carrying the organisation so the verified {@code checkout.session.completed}
 * and subscription events find it. Nothing changes here: the plan changes only when the webhook
 * says so.
 */
@Service
public class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final PlanCatalog catalog;
    private final BillingProperties properties;
    private final ObjectProvider<StripeClient> stripe;
    private final Directory directory;
    private final MeterRegistry meters;

    Checkout(
            PlanCatalog catalog,
            BillingProperties properties,
            ObjectProvider<StripeClient> stripe,
            Directory directory,
            MeterRegistry meters) {
        this.catalog = catalog;
        this.properties = properties;
        this.stripe = stripe;
        this.directory = directory;
        this.meters = meters;
    }

    /** Where to send the buyer. */
    public record Started(String url, String sessionId, String mode) {}

    /** The request names something that cannot be bought; {@code field} says which. */
    public static final class InvalidCheckoutException extends RuntimeException {
        private final String field;

        InvalidCheckoutException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Stripe could not be reached or refused; nothing was bought. */
    public static final class CheckoutUnavailableException extends RuntimeException {
        CheckoutUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Started start(UUID orgId, UUID userId, String planCode, String interval) {
        BillingProperties.Plan plan = catalog.paid(planCode)
                .orElseThrow(() -> new InvalidCheckoutException("plan", "must be one of the paid plans"));
        if (!"month".equals(interval) && !"year".equals(interval)) {
            throw new InvalidCheckoutException("interval", "must be month or year");
        }
        directory.rememberOrg(orgId);
        Started started = properties.stripe().configured()
                ? session(orgId, userId, plan, interval)
                : paymentLink(orgId, plan, interval);
        meters.counter("billing.checkout.started", "mode", started.mode()).increment();
        log.info(
                "checkout started: org={} user={} plan={} interval={} mode={} session={}",
                orgId,
                userId,
                plan.code(),
                interval,
                started.mode(),
                started.sessionId());
        return started;
    }

    private Started session(UUID orgId, UUID userId, BillingProperties.Plan plan, String interval) {
        String price = "month".equals(interval) ? plan.stripeMonthlyPrice() : plan.stripeYearlyPrice();
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setClientReferenceId(orgId.toString())
                .putMetadata("org_id", orgId.toString())
                .putMetadata("plan", plan.code())
                .putMetadata("requested_by", userId.toString())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(price)
                        .setQuantity(1L)
                        .build())
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata("org_id", orgId.toString())
                        .putMetadata("plan", plan.code())
                        .build())
                .setSuccessUrl(properties.checkout().successUrl())
                .setCancelUrl(properties.checkout().cancelUrl())
                .build();
        try {
            Session session = stripe.getObject()
                    .v1()
                    .checkout()
                    .sessions()
                    .create(
                            params,
                            RequestOptions.builder()
                                    .setIdempotencyKey("checkout-" + UUID.randomUUID())
                                    .build());
            return new Started(session.getUrl(), session.getId(), "checkout_session");
        } catch (StripeException e) {
            meters.counter("billing.checkout.failures").increment();
            log.warn(
                    "checkout session not created: org={} plan={} stripeError={} requestId={}",
                    orgId,
                    plan.code(),
                    e.getCode(),
                    e.getRequestId());
            throw new CheckoutUnavailableException("Stripe did not create the checkout session.", e);
        }
    }

    private Started paymentLink(UUID orgId, BillingProperties.Plan plan, String interval) {
        return new Started(
                PaymentLinks.forOrg(plan, orgId)
                        .orElseThrow(() -> new InvalidCheckoutException(
                                "plan", "has no payment link configured and no Stripe key is set")),
                null,
                "payment_link");
    }
}
