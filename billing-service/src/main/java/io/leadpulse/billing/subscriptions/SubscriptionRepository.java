package io.leadpulse.billing.subscriptions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SubscriptionRepository {

    private final JdbcClient jdbc;

    SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the organisation already has a row */
    boolean insert(Subscription s, Instant now) {
        return jdbc.sql("""
                        insert into subscription (org_id, plan, status, lead_limit, trial_ends_at, mrr_minor,
                            effective_at, started_at, updated_at)
                        values (:org, :plan, :status, :limit, :trialEnds, 0, :effective, :started, :now)
                        on conflict (org_id) do nothing
                        """)
                        .param("org", s.orgId())
                        .param("plan", s.plan())
                        .param("status", s.status())
                        .param("limit", s.leadLimit())
                        .param("trialEnds", ts(s.trialEndsAt()))
                        .param("effective", ts(s.effectiveAt()))
                        .param("started", ts(s.startedAt()))
                        .param("now", ts(now))
                        .update()
                == 1;
    }

    Optional<Subscription> find(UUID orgId) {
        return jdbc.sql("select * from subscription where org_id = ?")
                .param(orgId)
                .query(SubscriptionRepository::map)
                .optional();
    }

    Optional<Subscription> lock(UUID orgId) {
        return jdbc.sql("select * from subscription where org_id = ? for update")
                .param(orgId)
                .query(SubscriptionRepository::map)
                .optional();
    }

    void update(Subscription s, Instant now) {
        jdbc.sql("""
                        update subscription set plan = :plan, status = :status, lead_limit = :limit,
                            trial_ends_at = :trialEnds, stripe_subscription_id = :sub, stripe_customer_id = :customer,
                            price_id = :price, billing_interval = :interval, interval_count = :intervalCount,
                            unit_amount = :unitAmount, quantity = :quantity, currency = :currency,
                            coupon_percent_off = :percentOff, coupon_amount_off = :amountOff,
                            coupon_duration = :couponDuration, current_period_end = :periodEnd,
                            cancel_at_period_end = :cancelAtPeriodEnd, mrr_minor = :mrr,
                            stripe_state_at = :stateAt, effective_at = :effective, updated_at = :now
                        where org_id = :org
                        """)
                .param("org", s.orgId())
                .param("plan", s.plan())
                .param("status", s.status())
                .param("limit", s.leadLimit())
                .param("trialEnds", ts(s.trialEndsAt()))
                .param("sub", s.stripeSubscriptionId())
                .param("customer", s.stripeCustomerId())
                .param("price", s.priceId())
                .param("interval", s.billingInterval())
                .param("intervalCount", s.intervalCount())
                .param("unitAmount", s.unitAmount())
                .param("quantity", s.quantity())
                .param("currency", s.currency())
                .param("percentOff", s.couponPercentOff())
                .param("amountOff", s.couponAmountOff())
                .param("couponDuration", s.couponDuration())
                .param("periodEnd", ts(s.currentPeriodEnd()))
                .param("cancelAtPeriodEnd", s.cancelAtPeriodEnd())
                .param("mrr", s.mrrMinor())
                .param("stateAt", ts(s.stripeStateAt()))
                .param("effective", ts(s.effectiveAt()))
                .param("now", ts(now))
                .update();
    }

    void recordChange(UUID orgId, Instant at, String plan, String status, long mrrBefore, long mrrAfter, String cause) {
        jdbc.sql("""
                        insert into subscription_change (id, org_id, at, plan, status, mrr_before, mrr_after, cause)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(UUID.randomUUID(), orgId, ts(at), plan, status, mrrBefore, mrrAfter, cause)
                .update();
    }

    /** Organisations whose own trial (no Stripe subscription) ended, locked; other instances skip them. */
    List<UUID> lockExpiredTrials(Instant now, int limit) {
        return jdbc.sql("""
                        select org_id from subscription
                        where status = 'trialing' and stripe_subscription_id is null and trial_ends_at <= ?
                        order by trial_ends_at
                        limit ?
                        for update skip locked
                        """).params(ts(now), limit).query(UUID.class).list();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Subscription map(ResultSet rs, int row) throws SQLException {
        long amountOff = rs.getLong("coupon_amount_off");
        Long couponAmountOff = rs.wasNull() ? null : amountOff;
        return new Subscription(
                rs.getObject("org_id", UUID.class),
                rs.getString("plan"),
                rs.getString("status"),
                rs.getInt("lead_limit"),
                instant(rs, "trial_ends_at"),
                rs.getString("stripe_subscription_id"),
                rs.getString("stripe_customer_id"),
                rs.getString("price_id"),
                rs.getString("billing_interval"),
                rs.getInt("interval_count"),
                rs.getLong("unit_amount"),
                rs.getInt("quantity"),
                rs.getString("currency"),
                rs.getBigDecimal("coupon_percent_off"),
                couponAmountOff,
                rs.getString("coupon_duration"),
                instant(rs, "current_period_end"),
                rs.getBoolean("cancel_at_period_end"),
                rs.getLong("mrr_minor"),
                instant(rs, "stripe_state_at"),
                instant(rs, "effective_at"),
                instant(rs, "started_at"));
    }
}
