package io.leadpulse.billing.subscriptions;

import io.leadpulse.billing.webhooks.StripeEvent;
import io.leadpulse.billing.webhooks.StripeEventHandler;
import io.leadpulse.billing.webhooks.StripeOrgResolver;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Drives the subscription state machine from Stripe: the subscription object of
 * {@code customer.subscription.*}, the outcome of its invoices, and the customer a completed
 * checkout links to the organisation. The plan changes only here, from verified events.
 */
@Component
class SubscriptionEventsHandler implements StripeEventHandler {

    private final Subscriptions subscriptions;
    private final StripeOrgResolver resolver;

    SubscriptionEventsHandler(Subscriptions subscriptions, StripeOrgResolver resolver) {
        this.subscriptions = subscriptions;
        this.resolver = resolver;
    }

    @Override
    public Set<String> types() {
        return Set.of(
                "customer.subscription.created",
                "customer.subscription.updated",
                "customer.subscription.deleted",
                "invoice.paid",
                "invoice.payment_failed",
                "checkout.session.completed");
    }

    @Override
    public Outcome handle(StripeEvent event) {
        StripeOrgResolver.Match match = resolver.resolve(event);
        if (!match.matched()) {
            return Outcome.unmatched(match.problem());
        }
        return switch (event.type()) {
            case "invoice.paid", "invoice.payment_failed" -> invoice(event, match);
            case "checkout.session.completed" ->
                Outcome.processed(match.orgId(), "checkout completed; customer " + event.text("customer") + " linked");
            default -> subscription(event, match);
        };
    }

    private Outcome subscription(StripeEvent event, StripeOrgResolver.Match match) {
        StripeSubscriptionState state = read(event);
        if ("incomplete".equals(state.status())) {
            return Outcome.ignored(match.orgId(), "subscription awaiting its first payment");
        }
        Subscriptions.Applied applied =
                subscriptions.applyStripeState(match.orgId(), state, event.created(), event.type());
        return applied == Subscriptions.Applied.UNKNOWN_PLAN
                ? Outcome.ignored(match.orgId(), "price " + state.priceId() + " is in no configured plan")
                : Outcome.processed(
                        match.orgId(),
                        "subscription " + state.subscriptionId() + " " + state.status() + ": "
                                + applied.name().toLowerCase(java.util.Locale.ROOT));
    }

    private Outcome invoice(StripeEvent event, StripeOrgResolver.Match match) {
        String subscription = event.text("subscription");
        if (subscription == null) {
            subscription = event.text("parent.subscription_details.subscription");
        }
        if (subscription == null) {
            return Outcome.ignored(match.orgId(), "invoice of no subscription");
        }
        Subscriptions.Applied applied = subscriptions.applyInvoiceOutcome(
                match.orgId(), subscription, event.type().equals("invoice.paid"), event.created());
        return Outcome.processed(
                match.orgId(),
                "subscription " + subscription + ": " + applied.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The subscription object in both API shapes (period end on the item since 2025-03-31). */
    static StripeSubscriptionState read(StripeEvent event) {
        String item = "items.data.0";
        JsonNode coupon = couponOf(event.object());
        String status = event.type().equals("customer.subscription.deleted") ? "canceled" : event.text("status");
        Long amountOff =
                coupon.path("amount_off").isNumber() ? coupon.path("amount_off").asLong() : null;
        BigDecimal percentOff = coupon.path("percent_off").isNumber()
                ? coupon.path("percent_off").decimalValue()
                : null;
        String duration =
                coupon.path("duration").isString() ? coupon.path("duration").asString() : null;
        long quantity = event.number(item + ".quantity");
        long intervalCount = event.number(item + ".price.recurring.interval_count");
        String currency = event.text(item + ".price.currency");
        Instant periodEnd = event.epoch("current_period_end")
                .orElse(event.epoch(item + ".current_period_end").orElse(null));
        return new StripeSubscriptionState(
                event.text("id"),
                event.text("customer"),
                status,
                event.text("metadata.plan"),
                event.text(item + ".price.id"),
                event.text(item + ".price.lookup_key"),
                event.text(item + ".price.recurring.interval"),
                intervalCount > 0 ? (int) intervalCount : 1,
                event.number(item + ".price.unit_amount"),
                quantity > 0 ? (int) quantity : 1,
                "metered".equals(event.text(item + ".price.recurring.usage_type")),
                currency != null ? currency : event.text("currency"),
                percentOff,
                amountOff,
                duration,
                event.epoch("trial_end").orElse(null),
                periodEnd,
                event.object().path("cancel_at_period_end").asBoolean(false));
    }

    /** {@code discount.coupon} (older API) or the first expanded {@code discounts[].coupon}. */
    private static JsonNode couponOf(JsonNode subscription) {
        JsonNode coupon = subscription.path("discount").path("coupon");
        if (coupon.isObject()) {
            return coupon;
        }
        JsonNode first = subscription.path("discounts").path(0);
        if (first.isObject() && first.path("coupon").isObject()) {
            return first.path("coupon");
        }
        // Newer API versions: discount.source.coupon may be an expanded object.
        return subscription.path("discount").path("source").path("coupon");
    }
}
