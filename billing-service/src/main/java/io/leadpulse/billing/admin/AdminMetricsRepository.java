package io.leadpulse.billing.admin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AdminMetricsRepository {

    private final JdbcClient jdbc;

    AdminMetricsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Organisations by plan state, leads and conversions from billing's own projections, in one round trip. */
    Map<String, Object> totals() {
        return jdbc.sql("""
                        select (select count(*) from known_org) as organisations,
                               (select count(*) from subscription where status = 'trialing' and stripe_subscription_id is null) as trial,
                               (select count(*) from subscription where status in ('active', 'past_due', 'trialing')
                                                                   and stripe_subscription_id is not null) as paid,
                               (select count(*) from subscription where status = 'expired') as expired_trials,
                               (select count(distinct assignee_id) from lead_owner where assignee_id is not null) as reps_seen,
                               (select count(*) from lead_owner where not deleted) as leads,
                               (select count(*) from lead_owner where not deleted and status in ('WON', 'PAID')) as conversions,
                               (select coalesce(sum(mrr_minor), 0) from subscription) as mrr
                        """).query().singleRow();
    }

    /** The latest plan changes and ledger entries, newest first. */
    List<Map<String, Object>> recentActivity(Instant since, int limit) {
        return jdbc.sql("""
                        select * from (
                            select at, 'plan_changed' as kind, org_id, plan || '/' || status as detail, mrr_after as amount
                            from subscription_change where at >= :since
                            union all
                            select occurred_at, 'ledger_' || type, org_id, currency, amount_minor
                            from ledger_entry where occurred_at >= :since
                        ) a
                        order by at desc
                        limit :limit
                        """)
                .param("since", Timestamp.from(since))
                .param("limit", limit)
                .query()
                .listOfRows();
    }
}
