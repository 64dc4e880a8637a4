package io.leadpulse.billing.subscriptions;

import io.leadpulse.billing.BillingProperties;
import io.leadpulse.billing.directory.OrgFirstSeen;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.BillingEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subscription state machine of each organisation. It starts on the trial when billing first
 * sees the organisation; Stripe's subscription events move it, newest Stripe time wins (ADR 0012);
 * the trial expiry job ends unpaid trials. Every change of plan, status or lead limit is published
 * as {@code billing.plan_changed} (lead-service's quota) with a realtime message to the org channel,
 * in the transaction of the change.
 */
@Service
public class Subscriptions {

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    /** Stripe statuses that end a subscription: no paid entitlement. */
    private static final Set<String> ENDED = Set.of("canceled", "unpaid", "incomplete_expired", "paused");

    /** Statuses a later event at the same Stripe second must not undo. */
    private static final Set<String> FINAL = Set.of("canceled", "incomplete_expired");

    private final SubscriptionRepository repository;
    private final PlanCatalog catalog;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    Subscriptions(
            SubscriptionRepository repository, PlanCatalog catalog, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** The outcome of applying a Stripe state. */
    public enum Applied {
        CHANGED,
        UNCHANGED,
        STALE,
        UNKNOWN_PLAN,
        OTHER_SUBSCRIPTION
    }

    @EventListener
    void onOrgFirstSeen(OrgFirstSeen seen) {
        startTrial(seen.orgId());
    }

    /** Starts the organisation's trial unless it has a subscription row already. */
    @Transactional
    public void startTrial(UUID orgId) {
        Instant now = clock.instant();
        BillingProperties.Plans plans = catalog.settings();
        Subscription trial = new Subscription(
                orgId,
                PlanCatalog.TRIAL,
                "trialing",
                plans.trialLeadLimit(),
                now.plus(plans.trialLength()),
                null,
                null,
                null,
                null,
                1,
                0,
                1,
                null,
                null,
                null,
                null,
                null,
                false,
                0,
                null,
                now,
                now);
        if (repository.insert(trial, now)) {
            repository.recordChange(orgId, now, trial.plan(), trial.status(), 0, 0, "trial_started");
            publishPlanChanged(trial);
            log.info("trial started: org={} endsAt={} leadLimit={}", orgId, trial.trialEndsAt(), trial.leadLimit());
        }
    }

    public Optional<Subscription> current(UUID orgId) {
        return repository.find(orgId);
    }

    /**
     * Applies a subscription object from a Stripe event created at {@code stripeTime}, unless the
     * organisation's state is from a later Stripe time (or the same second with a final status).
     */
    @Transactional
    public Applied applyStripeState(UUID orgId, StripeSubscriptionState state, Instant stripeTime, String cause) {
        Subscription before = lockOrStart(orgId);
        if (isStale(before, stripeTime, state.status())) {
            return Applied.STALE;
        }
        if (before.stripeSubscriptionId() != null
                && !before.stripeSubscriptionId().equals(state.subscriptionId())
                && ENDED.contains(state.status())) {
            // The end of a subscription the organisation has replaced changes nothing.
            return Applied.OTHER_SUBSCRIPTION;
        }
        Optional<BillingProperties.Plan> plan =
                catalog.ofStripe(state.planMetadata(), state.priceId(), state.lookupKey());
        if (plan.isEmpty()) {
            log.warn(
                    "subscription {} of org {} is on price {} that no configured plan has; state not applied",
                    state.subscriptionId(),
                    orgId,
                    state.priceId());
            return Applied.UNKNOWN_PLAN;
        }
        int leadLimit = ENDED.contains(state.status())
                ? catalog.settings().lapsedLeadLimit()
                : plan.get().leadLimit();
        long mrr = Mrr.of(
                state.status(),
                state.interval(),
                state.intervalCount(),
                state.unitAmount(),
                state.quantity(),
                state.metered(),
                state.couponPercentOff(),
                state.couponAmountOff(),
                state.couponDuration());
        Subscription after = new Subscription(
                orgId,
                plan.get().code(),
                state.status(),
                leadLimit,
                state.trialEnd(),
                state.subscriptionId(),
                state.customerId(),
                state.priceId(),
                state.interval(),
                state.intervalCount(),
                state.unitAmount(),
                state.quantity(),
                state.currency(),
                state.couponPercentOff(),
                state.couponAmountOff(),
                state.couponDuration(),
                state.currentPeriodEnd(),
                state.cancelAtPeriodEnd(),
                mrr,
                stripeTime,
                before.effectiveAt(),
                before.startedAt());
        return save(before, after, stripeTime, cause);
    }

    /**
     * An invoice of the organisation's subscription was paid or failed at {@code stripeTime}: a paid
     * invoice makes a past-due subscription active, a failed one makes an active one past due.
     */
    @Transactional
    public Applied applyInvoiceOutcome(UUID orgId, String subscriptionId, boolean paid, Instant stripeTime) {
        Subscription before = lockOrStart(orgId);
        if (subscriptionId == null || !subscriptionId.equals(before.stripeSubscriptionId())) {
            return Applied.OTHER_SUBSCRIPTION;
        }
        if (isStale(before, stripeTime, null)) {
            return Applied.STALE;
        }
        String status = before.status();
        if (paid && ("past_due".equals(status) || "unpaid".equals(status))) {
            status = "active";
        } else if (!paid && "active".equals(status)) {
            status = "past_due";
        } else {
            return Applied.UNCHANGED;
        }
        int leadLimit = catalog.paid(before.plan())
                .map(BillingProperties.Plan::leadLimit)
                .orElse(before.leadLimit());
        long mrr = Mrr.of(
                status,
                before.billingInterval(),
                before.intervalCount(),
                before.unitAmount(),
                before.quantity(),
                false,
                before.couponPercentOff(),
                before.couponAmountOff(),
                before.couponDuration());
        Subscription after = new Subscription(
                orgId,
                before.plan(),
                status,
                leadLimit,
                before.trialEndsAt(),
                before.stripeSubscriptionId(),
                before.stripeCustomerId(),
                before.priceId(),
                before.billingInterval(),
                before.intervalCount(),
                before.unitAmount(),
                before.quantity(),
                before.currency(),
                before.couponPercentOff(),
                before.couponAmountOff(),
                before.couponDuration(),
                before.currentPeriodEnd(),
                before.cancelAtPeriodEnd(),
                mrr,
                stripeTime,
                before.effectiveAt(),
                before.startedAt());
        return save(before, after, stripeTime, paid ? "invoice_paid" : "invoice_payment_failed");
    }

    /** Ends the trials (our own, without a Stripe subscription) whose time is up. */
    @Transactional
    public int expireTrials(int limit) {
        Instant now = clock.instant();
        List<UUID> expired = repository.lockExpiredTrials(now, limit);
        for (UUID orgId : expired) {
            Subscription before = repository.find(orgId).orElseThrow();
            Subscription after = new Subscription(
                    orgId,
                    before.plan(),
                    "expired",
                    catalog.settings().lapsedLeadLimit(),
                    before.trialEndsAt(),
                    null,
                    before.stripeCustomerId(),
                    null,
                    null,
                    1,
                    0,
                    1,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    0,
                    before.stripeStateAt(),
                    before.effectiveAt(),
                    before.startedAt());
            save(before, after, now, "trial_expired");
            meters.counter("billing.trials.expired").increment();
        }
        return expired.size();
    }

    private Subscription lockOrStart(UUID orgId) {
        return repository.lock(orgId).orElseGet(() -> {
            startTrial(orgId);
            return repository.lock(orgId).orElseThrow();
        });
    }

    private static boolean isStale(Subscription current, Instant stripeTime, String newStatus) {
        if (current.stripeStateAt() == null) {
            return false;
        }
        if (stripeTime.isBefore(current.stripeStateAt())) {
            return true;
        }
        // Same second: a final state (canceled) is never undone by a non-final one.
        return stripeTime.equals(current.stripeStateAt())
                && FINAL.contains(current.status())
                && !FINAL.contains(newStatus);
    }

    private Applied save(Subscription before, Subscription after, Instant at, String cause) {
        boolean planChanged = !before.plan().equals(after.plan())
                || !before.status().equals(after.status())
                || before.leadLimit() != after.leadLimit();
        Subscription saved = after;
        if (planChanged) {
            // Strictly increasing per organisation: lead-service ignores a change not after the last.
            Instant effectiveAt =
                    at.isAfter(before.effectiveAt()) ? at : before.effectiveAt().plus(1, ChronoUnit.MILLIS);
            saved = withEffectiveAt(after, effectiveAt);
        }
        repository.update(saved, clock.instant());
        if (planChanged || before.mrrMinor() != saved.mrrMinor()) {
            // Changes of one organisation stay in order even when Stripe's second is older than the trial start.
            Instant changeAt = at.isAfter(before.effectiveAt()) ? at : saved.effectiveAt();
            repository.recordChange(
                    saved.orgId(), changeAt, saved.plan(), saved.status(), before.mrrMinor(), saved.mrrMinor(), cause);
        }
        if (planChanged) {
            publishPlanChanged(saved);
            log.info(
                    "plan changed: org={} {}/{} -> {}/{} leadLimit={} mrr={} cause={}",
                    saved.orgId(),
                    before.plan(),
                    before.status(),
                    saved.plan(),
                    saved.status(),
                    saved.leadLimit(),
                    saved.mrrMinor(),
                    cause);
            return Applied.CHANGED;
        }
        return Objects.equals(before, saved) ? Applied.UNCHANGED : Applied.CHANGED;
    }

    private void publishPlanChanged(Subscription s) {
        outbox.publish(new BillingEvent.PlanChanged(s.orgId(), s.plan(), s.status(), s.leadLimit(), s.effectiveAt()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("plan", s.plan());
        payload.put("status", s.status());
        payload.put("leadLimit", s.leadLimit());
        payload.put("trialEndsAt", s.trialEndsAt());
        payload.put("effectiveAt", s.effectiveAt());
        outbox.publish(RealtimeMessage.of(
                s.orgId(), List.of(RealtimeMessage.Channels.org(s.orgId())), "billing.plan_changed", payload));
        meters.counter("billing.plan.changes", "status", s.status()).increment();
    }

    private static Subscription withEffectiveAt(Subscription s, Instant effectiveAt) {
        return new Subscription(
                s.orgId(),
                s.plan(),
                s.status(),
                s.leadLimit(),
                s.trialEndsAt(),
                s.stripeSubscriptionId(),
                s.stripeCustomerId(),
                s.priceId(),
                s.billingInterval(),
                s.intervalCount(),
                s.unitAmount(),
                s.quantity(),
                s.currency(),
                s.couponPercentOff(),
                s.couponAmountOff(),
                s.couponDuration(),
                s.currentPeriodEnd(),
                s.cancelAtPeriodEnd(),
                s.mrrMinor(),
                s.stripeStateAt(),
                effectiveAt,
                s.startedAt());
    }
}
