package io.leadpulse.billing.connect;

import io.leadpulse.billing.webhooks.StripeEvent;
import io.leadpulse.billing.webhooks.StripeEventHandler;
import io.leadpulse.billing.webhooks.StripeOrgResolver;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.RealtimeMessage;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Keeps each Connect account's status from {@code account.updated} (newest Stripe time wins) and
 * pushes it live to the account's owner ({@code private-user-{id}} from the account's metadata
 * {@code user_id}), or to the organisation's channel when no owner is named: an account's status
 * is an organisation-level fact with no lead data.
 */
@Component
class ConnectAccountEventsHandler implements StripeEventHandler {

    private final ConnectAccountRepository accounts;
    private final StripeOrgResolver resolver;
    private final Outbox outbox;
    private final Clock clock;

    ConnectAccountEventsHandler(
            ConnectAccountRepository accounts, StripeOrgResolver resolver, Outbox outbox, Clock clock) {
        this.accounts = accounts;
        this.resolver = resolver;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public Set<String> types() {
        return Set.of("account.updated");
    }

    @Override
    public Outcome handle(StripeEvent event) {
        StripeOrgResolver.Match match = resolver.resolve(event);
        if (!match.matched()) {
            return Outcome.unmatched(match.problem());
        }
        JsonNode due = event.object().path("requirements").path("currently_due");
        UUID owner = event.metadata("user_id").flatMap(StripeEvent::uuid).orElse(null);
        ConnectAccount account = new ConnectAccount(
                event.text("id"),
                match.orgId(),
                owner,
                event.object().path("charges_enabled").asBoolean(false),
                event.object().path("payouts_enabled").asBoolean(false),
                event.object().path("details_submitted").asBoolean(false),
                due.isArray() ? due.size() : 0,
                event.text("requirements.disabled_reason"),
                event.created());
        if (!accounts.upsertIfNewer(account, clock.instant())) {
            return Outcome.processed(
                    match.orgId(), "account " + account.accountId() + ": older state, nothing changed");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("accountId", account.accountId());
        payload.put("chargesEnabled", account.chargesEnabled());
        payload.put("payoutsEnabled", account.payoutsEnabled());
        payload.put("detailsSubmitted", account.detailsSubmitted());
        payload.put("requirementsDue", account.requirementsDue());
        payload.put("disabledReason", account.disabledReason());
        payload.put("updatedAt", account.stripeStateAt());
        String channel =
                owner != null ? RealtimeMessage.Channels.user(owner) : RealtimeMessage.Channels.org(match.orgId());
        outbox.publish(RealtimeMessage.of(match.orgId(), List.of(channel), "billing.connect_account_updated", payload));
        return Outcome.processed(
                match.orgId(),
                "account " + account.accountId() + " charges=" + account.chargesEnabled() + " payouts="
                        + account.payoutsEnabled());
    }
}
