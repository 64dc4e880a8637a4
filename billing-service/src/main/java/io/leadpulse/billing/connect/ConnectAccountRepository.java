package io.leadpulse.billing.connect;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConnectAccountRepository {

    private final JdbcClient jdbc;

    ConnectAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the account's state unless a state from a later Stripe time is stored; true when written. */
    boolean upsertIfNewer(ConnectAccount a, Instant now) {
        return jdbc.sql("""
                        insert into connect_account (account_id, org_id, owner_user_id, charges_enabled, payouts_enabled,
                            details_submitted, requirements_due, disabled_reason, stripe_state_at, updated_at)
                        values (:id, :org, :owner, :charges, :payouts, :details, :due, :disabled, :at, :now)
                        on conflict (account_id) do update set
                            owner_user_id = excluded.owner_user_id, charges_enabled = excluded.charges_enabled,
                            payouts_enabled = excluded.payouts_enabled, details_submitted = excluded.details_submitted,
                            requirements_due = excluded.requirements_due, disabled_reason = excluded.disabled_reason,
                            stripe_state_at = excluded.stripe_state_at, updated_at = excluded.updated_at
                        where connect_account.stripe_state_at <= excluded.stripe_state_at
                          and connect_account.org_id = excluded.org_id
                        """)
                        .param("id", a.accountId())
                        .param("org", a.orgId())
                        .param("owner", a.ownerUserId())
                        .param("charges", a.chargesEnabled())
                        .param("payouts", a.payoutsEnabled())
                        .param("details", a.detailsSubmitted())
                        .param("due", a.requirementsDue())
                        .param("disabled", a.disabledReason())
                        .param("at", Timestamp.from(a.stripeStateAt()))
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }
}
