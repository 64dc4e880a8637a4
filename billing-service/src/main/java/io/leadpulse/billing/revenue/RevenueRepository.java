package io.leadpulse.billing.revenue;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RevenueRepository {

    private final JdbcClient jdbc;

    RevenueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record MrrTotal(long mrr, long subscriptions) {}

    record Movement(LocalDate day, String kind, long amount, long count) {}

    record DayRevenue(LocalDate day, String currency, long payments, long refunds, long failures, long paymentCount) {}

    record Commission(UUID repId, long leads, long paid, long refunded) {}

    record Risk(UUID orgId, String plan, String status, long mrr, boolean pastDue, long failures, boolean contracted) {}

    MrrTotal mrr() {
        return jdbc.sql("""
                        select coalesce(sum(mrr_minor), 0) as mrr,
                               count(*) filter (where status in ('active', 'past_due')) as subs
                        from subscription
                        """)
                .query((rs, row) -> new MrrTotal(rs.getLong("mrr"), rs.getLong("subs")))
                .single();
    }

    /**
     * Each MRR change classified: from nothing to something is new (first time) or reactivation
     * (had MRR before), to nothing is churn, up is expansion, down is contraction.
     */
    List<Movement> movements(Instant from, Instant to) {
        return jdbc.sql("""
                        with changes as (
                            select org_id, at, mrr_before, mrr_after,
                                   coalesce(bool_or(mrr_after > 0) over (
                                       partition by org_id order by at, id
                                       rows between unbounded preceding and 1 preceding), false) as had_mrr
                            from subscription_change
                        )
                        select (at at time zone 'UTC')::date as day,
                               case
                                   when mrr_before = 0 and mrr_after > 0 and not had_mrr then 'new'
                                   when mrr_before = 0 and mrr_after > 0 then 'reactivation'
                                   when mrr_before > 0 and mrr_after = 0 then 'churn'
                                   when mrr_after > mrr_before then 'expansion'
                                   else 'contraction'
                               end as kind,
                               sum(mrr_after - mrr_before) as amount,
                               count(*) as n
                        from changes
                        where mrr_before <> mrr_after and at >= :from and at < :to
                        group by 1, 2
                        order by 1, 2
                        """)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new Movement(
                        rs.getObject("day", LocalDate.class),
                        rs.getString("kind"),
                        rs.getLong("amount"),
                        rs.getLong("n")))
                .list();
    }

    long netMovement(Instant from, Instant to) {
        return jdbc.sql(
                        "select coalesce(sum(mrr_after - mrr_before), 0) from subscription_change where at >= ? and at < ?")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query(Long.class)
                .single();
    }

    List<DayRevenue> revenueByDay(UUID orgId, Instant from, Instant to) {
        return jdbc.sql("""
                        select (occurred_at at time zone 'UTC')::date as day, currency,
                               coalesce(sum(amount_minor) filter (where type = 'payment'), 0) as payments,
                               coalesce(sum(amount_minor) filter (where type = 'refund'), 0) as refunds,
                               coalesce(sum(amount_minor) filter (where type = 'failure'), 0) as failures,
                               count(*) filter (where type = 'payment') as payment_count
                        from ledger_entry
                        where org_id = :org and occurred_at >= :from and occurred_at < :to
                        group by 1, 2
                        order by 1, 2
                        """)
                .param("org", orgId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new DayRevenue(
                        rs.getObject("day", LocalDate.class),
                        rs.getString("currency"),
                        rs.getLong("payments"),
                        rs.getLong("refunds"),
                        rs.getLong("failures"),
                        rs.getLong("payment_count")))
                .list();
    }

    /** What each rep's won (or paid) leads paid, net of refunds, in the period. */
    List<Commission> commissions(UUID orgId, Instant from, Instant to) {
        return jdbc.sql("""
                        select o.assignee_id as rep, count(distinct l.lead_id) as leads,
                               coalesce(sum(l.amount_minor) filter (where l.type = 'payment'), 0) as paid,
                               coalesce(sum(l.amount_minor) filter (where l.type = 'refund'), 0) as refunded
                        from ledger_entry l
                        join lead_owner o on o.lead_id = l.lead_id and o.org_id = l.org_id
                        where l.org_id = :org and l.type in ('payment', 'refund')
                          and o.assignee_id is not null and o.status in ('WON', 'PAID')
                          and l.occurred_at >= :from and l.occurred_at < :to
                        group by o.assignee_id
                        order by paid desc
                        """)
                .param("org", orgId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new Commission(
                        rs.getObject("rep", UUID.class),
                        rs.getLong("leads"),
                        rs.getLong("paid"),
                        rs.getLong("refunded")))
                .list();
    }

    /** Paying organisations past due, with failed payments or a contraction since {@code since}. */
    List<Risk> churnRisk(Instant since) {
        return jdbc
                .sql("""
                        select s.org_id, s.plan, s.status, s.mrr_minor,
                               s.status in ('past_due', 'unpaid') as past_due,
                               (select count(*) from ledger_entry f
                                 where f.org_id = s.org_id and f.type = 'failure' and f.lead_id is null
                                   and f.occurred_at >= :since) as failures,
                               exists (select 1 from subscription_change c
                                        where c.org_id = s.org_id and c.at >= :since
                                          and c.mrr_after < c.mrr_before and c.mrr_after > 0) as contracted
                        from subscription s
                        where s.stripe_subscription_id is not null and s.status not in ('canceled', 'incomplete_expired')
                        """)
                .param("since", Timestamp.from(since))
                .query((rs, row) -> new Risk(
                        rs.getObject("org_id", UUID.class),
                        rs.getString("plan"),
                        rs.getString("status"),
                        rs.getLong("mrr_minor"),
                        rs.getBoolean("past_due"),
                        rs.getLong("failures"),
                        rs.getBoolean("contracted")))
                .list()
                .stream()
                .filter(r -> r.pastDue() || r.failures() > 0 || r.contracted())
                .toList();
    }
}
