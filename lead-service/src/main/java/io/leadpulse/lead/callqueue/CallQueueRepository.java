package io.leadpulse.lead.callqueue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CallQueueRepository {

    /** Entries with their position in the organisation's whole queue; callers add filters. */
    private static final String ENTRIES = """
            select q.lead_id, q.position, q.joined_at, q.claimed_by, q.claimed_at, q.from_pool, u.name as claimer_name,
                   l.first_name, l.last_name, l.company, l.engagement_score, l.status, l.assignee_id
            from (select e.*, row_number() over (order by e.joined_at, e.lead_id) as position
                  from call_queue_entry e where e.org_id = :org) q
            join lead l on l.id = q.lead_id
            left join app_user u on u.id = q.claimed_by
            """;

    private final JdbcClient jdbc;

    CallQueueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An entry locked with its lead for a change. */
    record Locked(
            UUID leadId, UUID assigneeId, UUID claimedBy, String claimerName, Instant claimedAt, boolean fromPool) {

        /** In the shared pool every rep sees: unassigned, or claimed out of it. */
        boolean inPool() {
            return assigneeId == null || fromPool;
        }
    }

    /** @return false when the lead is in the queue already */
    boolean insert(UUID orgId, UUID leadId, Instant at) {
        return jdbc.sql("""
                        insert into call_queue_entry (lead_id, org_id, joined_at) values (:lead, :org, :at)
                        on conflict (lead_id) do nothing
                        """)
                        .param("lead", leadId)
                        .param("org", orgId)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /**
     * The queue as one caller sees it: everything, or with {@code rep} set, the leads assigned to
     * that rep and the pool (unassigned leads, and those claimed out of the pool).
     */
    List<CallQueueEntry> list(UUID orgId, UUID rep, int limit, Instant now) {
        return jdbc.sql(ENTRIES + """
                        where (cast(:rep as uuid) is null or l.assignee_id = :rep or l.assignee_id is null
                               or q.from_pool)
                        order by q.position
                        limit :limit
                        """)
                .param("org", orgId)
                .param("rep", rep)
                .param("limit", limit)
                .query((rs, row) -> entry(rs, now))
                .list();
    }

    Optional<CallQueueEntry> find(UUID orgId, UUID leadId, Instant now) {
        return jdbc.sql(ENTRIES + " where q.lead_id = :lead")
                .param("org", orgId)
                .param("lead", leadId)
                .query((rs, row) -> entry(rs, now))
                .optional();
    }

    /** The entry and its lead, both rows locked: claims and assignment cannot race. */
    Optional<Locked> lock(UUID orgId, UUID leadId) {
        return jdbc.sql("""
                        select q.lead_id, q.claimed_by, q.claimed_at, q.from_pool, l.assignee_id,
                               u.name as claimer_name
                        from call_queue_entry q
                        join lead l on l.id = q.lead_id
                        left join app_user u on u.id = q.claimed_by
                        where q.org_id = :org and q.lead_id = :lead
                        for update of q, l
                        """)
                .param("org", orgId)
                .param("lead", leadId)
                .query((rs, row) -> new Locked(
                        rs.getObject("lead_id", UUID.class),
                        rs.getObject("assignee_id", UUID.class),
                        rs.getObject("claimed_by", UUID.class),
                        rs.getString("claimer_name"),
                        instant(rs.getTimestamp("claimed_at")),
                        rs.getBoolean("from_pool")))
                .optional();
    }

    void setClaim(UUID leadId, UUID userId, Instant at, boolean fromPool) {
        jdbc.sql("""
                        update call_queue_entry set claimed_by = :user, claimed_at = :at, from_pool = :pool
                        where lead_id = :lead
                        """)
                .param("user", userId)
                .param("at", at == null ? null : Timestamp.from(at))
                .param("pool", fromPool)
                .param("lead", leadId)
                .update();
    }

    void delete(UUID leadId) {
        jdbc.sql("delete from call_queue_entry where lead_id = :lead")
                .param("lead", leadId)
                .update();
    }

    /** Assigns a lead to the user who takes its call, or back to nobody when the call is released. */
    void assign(UUID leadId, UUID userId, Instant at) {
        jdbc.sql("""
                        update lead set assignee_id = :user, updated_at = :at, version = version + 1
                        where id = :lead
                        """)
                .param("user", userId)
                .param("at", Timestamp.from(at))
                .param("lead", leadId)
                .update();
    }

    private static CallQueueEntry entry(ResultSet rs, Instant now) throws SQLException {
        Instant joined = rs.getTimestamp("joined_at").toInstant();
        UUID leadId = rs.getObject("lead_id", UUID.class);
        return new CallQueueEntry(
                leadId,
                rs.getLong("position"),
                joined,
                Math.max(0, Duration.between(joined, now).toSeconds()),
                new CallQueueEntry.LeadSummary(
                        leadId,
                        rs.getString("first_name"),
                        rs.getString("last_name"),
                        rs.getString("company"),
                        rs.getBigDecimal("engagement_score"),
                        rs.getString("status"),
                        rs.getObject("assignee_id", UUID.class)),
                rs.getObject("claimed_by", UUID.class),
                rs.getString("claimer_name"),
                instant(rs.getTimestamp("claimed_at")),
                rs.getBoolean("from_pool"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
