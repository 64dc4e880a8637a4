package io.leadpulse.lead.stats;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class StatsRepository {

    private final JdbcClient jdbc;

    StatsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long assigned(UUID orgId, UUID userId) {
        return jdbc.sql("select count(*) from lead where org_id = :org and assignee_id = :user")
                .param("org", orgId)
                .param("user", userId)
                .query(Long.class)
                .single();
    }

    /**
     * Distinct leads moved to CONTACTED, REPLIED and WON in [from, to) while assigned to the user,
     * from the status-change timeline entries (index lead_activity_status_stats).
     */
    RepStats.Period moves(UUID orgId, UUID userId, Instant from, Instant to) {
        return jdbc.sql("""
                        select count(distinct lead_id) filter (where data ->> 'to' = 'CONTACTED') as contacted,
                               count(distinct lead_id) filter (where data ->> 'to' = 'REPLIED') as replied,
                               count(distinct lead_id) filter (where data ->> 'to' = 'WON') as won
                        from lead_activity
                        where org_id = :org and type = 'lead.status_changed' and data ->> 'assigneeId' = :user
                          and occurred_at >= :from and occurred_at < :to
                        """)
                .param("org", orgId)
                .param("user", userId.toString())
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new RepStats.Period(
                        from, to, rs.getLong("contacted"), rs.getLong("replied"), rs.getLong("won")))
                .single();
    }
}
