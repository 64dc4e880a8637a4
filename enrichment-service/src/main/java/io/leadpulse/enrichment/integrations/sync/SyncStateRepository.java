package io.leadpulse.enrichment.integrations.sync;

import io.leadpulse.enrichment.integrations.DataType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SyncStateRepository {

    private static final RowMapper<SyncState> STATE = (rs, n) -> new SyncState(
            rs.getObject("connection_id", UUID.class),
            DataType.valueOf(rs.getString("data_type")),
            rs.getObject("org_id", UUID.class),
            rs.getString("status"),
            rs.getString("mode"),
            rs.getString("cursor"),
            rs.getString("reconcile_cursor"),
            rs.getLong("pages"),
            rs.getLong("records"),
            rs.getInt("run_pages"),
            rs.getInt("run_records"),
            rs.getInt("errors"),
            rs.getInt("invalid_answers"),
            rs.getString("last_error"),
            instant(rs, "last_page_at"),
            instant(rs, "run_started_at"),
            instant(rs, "last_completed_at"),
            instant(rs, "last_reconciled_at"),
            instant(rs, "next_run_at"));

    private final JdbcClient jdbc;

    SyncStateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void create(UUID connectionId, UUID orgId, DataType type, Instant firstRun) {
        jdbc.sql("""
                        insert into sync_state (connection_id, data_type, org_id, status, next_run_at)
                        values (:connection, :type, :org, 'IDLE', :next)
                        on conflict do nothing
                        """)
                .param("connection", connectionId)
                .param("type", type.name())
                .param("org", orgId)
                .param("next", Timestamp.from(firstRun))
                .update();
    }

    void stop(UUID connectionId, String why) {
        jdbc.sql("""
                        update sync_state set status = 'STOPPED', next_run_at = null, claimed_by = null,
                            lease_until = null, last_error = :why
                        where connection_id = :connection
                        """).param("why", why).param("connection", connectionId).update();
    }

    /**
     * Claims due syncs of connected connections ({@code SKIP LOCKED}: instances share them), each
     * out of others' reach until {@code leaseUntil}; a claim whose instance died is due again then.
     * A fresh run (not one continuing between claims) starts its run counters at zero.
     */
    List<SyncState> claimDue(UUID worker, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        update sync_state s set
                            run_pages = case when s.status = 'RUNNING' then s.run_pages else 0 end,
                            run_records = case when s.status = 'RUNNING' then s.run_records else 0 end,
                            run_started_at = case when s.status = 'RUNNING' then s.run_started_at else :now end,
                            status = 'RUNNING', claimed_by = :worker, lease_until = :lease
                        from (select connection_id, data_type from sync_state d
                              where ((d.status in ('IDLE', 'RETRYING', 'FAILED') and d.next_run_at <= :now)
                                  or (d.status = 'RUNNING' and d.lease_until <= :now))
                                and exists (select 1 from integration_connection c
                                            where c.id = d.connection_id and c.status = 'CONNECTED')
                              order by d.next_run_at nulls first limit :limit
                              for update of d skip locked) due
                        where s.connection_id = due.connection_id and s.data_type = due.data_type
                        returning s.*
                        """)
                .param("worker", worker)
                .param("now", Timestamp.from(now))
                .param("lease", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(STATE)
                .list();
    }

    /** Advances the cursor with one page, if this worker still holds the claim; false otherwise. */
    boolean pageCommitted(SyncState s, UUID worker, String cursor, int records, Instant now, Instant leaseUntil) {
        String column = s.reconciling() ? "reconcile_cursor" : "cursor";
        return jdbc.sql("update sync_state set " + column + """
                         = :cursor, pages = pages + 1, records = records + :records,
                            run_pages = run_pages + 1, run_records = run_records + :records, last_page_at = :now,
                            lease_until = :lease, errors = 0, invalid_answers = 0, last_error = null
                        where connection_id = :connection and data_type = :type and claimed_by = :worker
                          and status = 'RUNNING'
                        """)
                        .param("cursor", cursor)
                        .param("records", records)
                        .param("now", Timestamp.from(now))
                        .param("lease", Timestamp.from(leaseUntil))
                        .param("connection", s.connectionId())
                        .param("type", s.dataType().name())
                        .param("worker", worker)
                        .update()
                == 1;
    }

    /** The list was walked to its end: idle until {@code nextRun}; a reconciliation hands back to the cursor. */
    boolean completed(SyncState s, UUID worker, Instant now, Instant nextRun) {
        return jdbc.sql("""
                        update sync_state set status = 'IDLE', claimed_by = null, lease_until = null,
                            last_completed_at = :now, next_run_at = :next,
                            last_reconciled_at = case when mode = 'RECONCILE' then :now else last_reconciled_at end,
                            mode = 'INCREMENTAL', reconcile_cursor = null
                        where connection_id = :connection and data_type = :type and claimed_by = :worker
                          and status = 'RUNNING'
                        """)
                        .param("now", Timestamp.from(now))
                        .param("next", Timestamp.from(nextRun))
                        .param("connection", s.connectionId())
                        .param("type", s.dataType().name())
                        .param("worker", worker)
                        .update()
                == 1;
    }

    /** Lets go of a claim mid-run (enough pages for one claim): due again at once, the run continues. */
    void yieldClaim(SyncState s, UUID worker, Instant now) {
        jdbc.sql("""
                        update sync_state set claimed_by = null, lease_until = :now
                        where connection_id = :connection and data_type = :type and claimed_by = :worker
                          and status = 'RUNNING'
                        """)
                .param("now", Timestamp.from(now))
                .param("connection", s.connectionId())
                .param("type", s.dataType().name())
                .param("worker", worker)
                .update();
    }

    /** A failed try: {@code RETRYING} or {@code FAILED}, due at {@code nextRun}; the cursor stays where the last page left it. */
    void failed(SyncState s, UUID worker, String status, String error, boolean invalidAnswer, Instant nextRun) {
        jdbc.sql("""
                        update sync_state set status = :status, claimed_by = null, lease_until = null,
                            errors = errors + 1, last_error = :error, next_run_at = :next,
                            invalid_answers = case when :invalid then invalid_answers + 1 else invalid_answers end
                        where connection_id = :connection and data_type = :type and claimed_by = :worker
                          and status = 'RUNNING'
                        """)
                .param("status", status)
                .param("error", error)
                .param("next", Timestamp.from(nextRun))
                .param("invalid", invalidAnswer)
                .param("connection", s.connectionId())
                .param("type", s.dataType().name())
                .param("worker", worker)
                .update();
    }

    /** Marks every waiting sync for a reconciliation walk, due now; running ones wait for the next night. */
    int startReconciliation(Instant now) {
        return jdbc.sql("""
                        update sync_state set mode = 'RECONCILE', reconcile_cursor = null,
                            next_run_at = least(coalesce(next_run_at, :now), :now),
                            status = case when status = 'FAILED' then 'RETRYING' else status end
                        where status in ('IDLE', 'RETRYING', 'FAILED') and mode = 'INCREMENTAL'
                        """).param("now", Timestamp.from(now)).update();
    }

    List<SyncState> ofConnection(UUID connectionId) {
        return jdbc.sql("select * from sync_state where connection_id = :connection order by data_type")
                .param("connection", connectionId)
                .query(STATE)
                .list();
    }

    /** What was last emitted for these external ids: their content hashes. */
    Map<String, String> hashes(UUID connectionId, DataType type, Collection<String> externalIds) {
        Map<String, String> hashes = new HashMap<>();
        if (externalIds.isEmpty()) {
            return hashes;
        }
        jdbc.sql("""
                        select external_id, content_hash from sync_record
                        where connection_id = :connection and data_type = :type and external_id in (:ids)
                        """)
                .param("connection", connectionId)
                .param("type", type.name())
                .param("ids", externalIds)
                .query((rs, n) -> hashes.put(rs.getString(1), rs.getString(2)))
                .list();
        return hashes;
    }

    void recordEmitted(
            UUID connectionId, DataType type, String externalId, String hash, Instant updatedAt, Instant now) {
        jdbc.sql("""
                        insert into sync_record (connection_id, data_type, external_id, content_hash, external_updated_at,
                            emitted_at, seen_at)
                        values (:connection, :type, :id, :hash, :updated, :now, :now)
                        on conflict (connection_id, data_type, external_id) do update set
                            content_hash = excluded.content_hash, external_updated_at = excluded.external_updated_at,
                            emitted_at = excluded.emitted_at, seen_at = excluded.seen_at
                        """)
                .param("connection", connectionId)
                .param("type", type.name())
                .param("id", externalId)
                .param("hash", hash)
                .param("updated", updatedAt == null ? null : Timestamp.from(updatedAt))
                .param("now", Timestamp.from(now))
                .update();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
