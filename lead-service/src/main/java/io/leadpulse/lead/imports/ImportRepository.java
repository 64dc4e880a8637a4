package io.leadpulse.lead.imports;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The import jobs ({@code lead_import}), the keys they met and the rows they rejected. */
@Repository
class ImportRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> ROWS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, String>> MAPPING = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImportRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new job, as the upload analysed it. */
    record NewImport(
            UUID id,
            UUID orgId,
            UUID startedBy,
            UUID assigneeId,
            String fileName,
            Path file,
            long fileSize,
            ImportStatus status,
            char delimiter,
            boolean hasHeader,
            List<String> headers,
            List<List<String>> sample,
            Map<String, String> mapping,
            ImportMode mode,
            long totalRows) {}

    void insert(NewImport job) {
        jdbc.sql("""
                        insert into lead_import (id, org_id, started_by, assignee_id, file_name, file_path, file_size,
                                                 status, delimiter, has_header, headers, sample, mapping, mode,
                                                 total_rows, started_at)
                        values (:id, :org, :startedBy, :assignee, :fileName, :path, :size, :status, :delimiter,
                                :hasHeader, cast(:headers as jsonb), cast(:sample as jsonb), cast(:mapping as jsonb),
                                :mode, :total, case when :status = 'RUNNING' then now() end)
                        """)
                .param("id", job.id())
                .param("org", job.orgId())
                .param("startedBy", job.startedBy())
                .param("assignee", job.assigneeId())
                .param("fileName", job.fileName())
                .param("path", job.file().toString())
                .param("size", job.fileSize())
                .param("status", job.status().name())
                .param("delimiter", String.valueOf(job.delimiter()))
                .param("hasHeader", job.hasHeader())
                .param("headers", json.writeValueAsString(job.headers()))
                .param("sample", json.writeValueAsString(job.sample()))
                .param("mapping", json.writeValueAsString(job.mapping()))
                .param("mode", job.mode().name())
                .param("total", job.totalRows())
                .update();
    }

    Optional<ImportJob> find(UUID orgId, UUID id) {
        return jdbc.sql("select * from lead_import where org_id = :org and id = :id")
                .param("org", orgId)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.sql("select * from lead_import where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<Path> file(UUID id) {
        return jdbc.sql("select file_path from lead_import where id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(Path::of);
    }

    /** Newest first; {@code startedBy} null means every job of the organisation. */
    List<ImportJob> recent(UUID orgId, UUID startedBy, int limit) {
        return jdbc.sql("""
                        select * from lead_import
                        where org_id = :org and (cast(:startedBy as uuid) is null or started_by = :startedBy)
                        order by created_at desc, id desc
                        limit :limit
                        """)
                .param("org", orgId)
                .param("startedBy", startedBy)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    boolean updateMapping(UUID id, Map<String, String> mapping, ImportMode mode) {
        return jdbc.sql("""
                        update lead_import set mapping = cast(:mapping as jsonb), mode = :mode, updated_at = now()
                        where id = :id and status = 'ANALYSED'
                        """)
                        .param("mapping", json.writeValueAsString(mapping))
                        .param("mode", mode.name())
                        .param("id", id)
                        .update()
                == 1;
    }

    /** ANALYSED to RUNNING, once: false when someone else started or cancelled it first. */
    boolean markRunning(UUID id) {
        return jdbc.sql("""
                        update lead_import set status = 'RUNNING', started_at = now(), updated_at = now()
                        where id = :id and status = 'ANALYSED'
                        """).param("id", id).update() == 1;
    }

    /** A RUNNING job stops after its current batch; an ANALYSED one is cancelled at once. */
    Optional<ImportStatus> requestCancel(UUID id) {
        jdbc.sql("""
                        update lead_import set cancel_requested = true, updated_at = now()
                        where id = :id and status = 'RUNNING'
                        """).param("id", id).update();
        jdbc.sql("""
                        update lead_import set status = 'CANCELLED', cancel_requested = true, finished_at = now(),
                                               left_out = total_rows, updated_at = now()
                        where id = :id and status = 'ANALYSED'
                        """).param("id", id).update();
        return jdbc.sql("select status from lead_import where id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .map(ImportStatus::valueOf);
    }

    boolean cancelRequested(UUID id) {
        return jdbc.sql("select cancel_requested from lead_import where id = :id")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    /** Adds one batch's counts and answers the job after it. */
    ImportJob addProgress(UUID id, long created, long updated, long skipped, long failed) {
        return jdbc.sql("""
                        update lead_import set processed = processed + :created + :updated + :skipped + :failed,
                                               created = created + :created, updated = updated + :updated,
                                               skipped = skipped + :skipped, failed = failed + :failed,
                                               updated_at = now()
                        where id = :id
                        returning *
                        """)
                .param("created", created)
                .param("updated", updated)
                .param("skipped", skipped)
                .param("failed", failed)
                .param("id", id)
                .query(this::map)
                .single();
    }

    /** Sets a final status unless the job has one already; empty if it had. */
    Optional<ImportJob> finish(UUID id, ImportStatus status, String error) {
        return jdbc.sql("""
                        update lead_import set status = :status, error = :error, left_out = total_rows - processed,
                                               finished_at = now(), updated_at = now()
                        where id = :id and status in ('ANALYSED', 'RUNNING')
                        returning *
                        """)
                .param("status", status.name())
                .param("error", error)
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** RUNNING jobs whose progress has not moved for {@code staleAfter}. */
    List<UUID> stale(Duration staleAfter) {
        return jdbc.sql("""
                        select id from lead_import
                        where status = 'RUNNING' and updated_at < :cutoff
                        """)
                .param("cutoff", Timestamp.from(Instant.now().minus(staleAfter)))
                .query(UUID.class)
                .list();
    }

    /** Open jobs whose file is gone with the service's disk: nothing can finish them. */
    void forgetKeys(UUID id) {
        jdbc.sql("delete from lead_import_key where import_id = :id")
                .param("id", id)
                .update();
    }

    /**
     * Records the keys (emails, phones) of a batch; answers those this import had met before, with
     * the row where it met them first. Within the batch the first row wins.
     */
    Map<String, Long> seenBefore(UUID id, List<String> keys, List<Long> rows) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> inserted = jdbc.sql("""
                        insert into lead_import_key (import_id, key, line)
                        select :id, k.key, k.line
                        from unnest(cast(:keys as text[]), cast(:rows as bigint[])) with ordinality as k(key, line, n)
                        order by k.n
                        on conflict do nothing
                        returning key || '@' || line
                        """)
                .param("id", id)
                .param("keys", keys.toArray(String[]::new))
                .param("rows", rows.toArray(Long[]::new))
                .query(String.class)
                .list();
        java.util.Set<String> fresh = new java.util.HashSet<>(inserted);
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!fresh.contains(keys.get(i) + "@" + rows.get(i))) {
                repeated.add(keys.get(i));
            }
        }
        if (repeated.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> firstRows = new HashMap<>();
        jdbc.sql("select key, line from lead_import_key where import_id = :id and key = any(cast(:keys as text[]))")
                .param("id", id)
                .param("keys", repeated.toArray(String[]::new))
                .query((rs, n) -> firstRows.put(rs.getString("key"), rs.getLong("line")))
                .list();
        return firstRows;
    }

    /** A rejected row: the original record (as a CSV line) and why. */
    record RowError(long row, String record, String error) {}

    void insertErrors(UUID id, List<RowError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into lead_import_error (import_id, line, record, error)
                        select :id, e.line, e.record, e.error
                        from unnest(cast(:rows as bigint[]), cast(:records as text[]), cast(:errors as text[]))
                             as e(line, record, error)
                        on conflict do nothing
                        """)
                .param("id", id)
                .param("rows", errors.stream().map(RowError::row).toArray(Long[]::new))
                .param("records", errors.stream().map(RowError::record).toArray(String[]::new))
                .param("errors", errors.stream().map(RowError::error).toArray(String[]::new))
                .update();
    }

    /** One page of rejected rows after {@code afterRow}, in file order. */
    List<RowError> errors(UUID id, long afterRow, int limit) {
        return jdbc.sql("""
                        select line, record, error from lead_import_error
                        where import_id = :id and line > :after
                        order by line
                        limit :limit
                        """)
                .param("id", id)
                .param("after", afterRow)
                .param("limit", limit)
                .query((rs, n) -> new RowError(rs.getLong("line"), rs.getString("record"), rs.getString("error")))
                .list();
    }

    private ImportJob map(ResultSet rs, int row) throws SQLException {
        List<String> headers = json.readValue(rs.getString("headers"), STRINGS);
        Map<String, String> mapping = json.readValue(rs.getString("mapping"), MAPPING);
        long total = rs.getLong("total_rows");
        long processed = rs.getLong("processed");
        return new ImportJob(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getObject("started_by", UUID.class),
                rs.getObject("assignee_id", UUID.class),
                rs.getString("file_name"),
                rs.getLong("file_size"),
                ImportStatus.valueOf(rs.getString("status")),
                rs.getString("delimiter"),
                rs.getBoolean("has_header"),
                headers,
                mapping,
                ColumnMapping.suggest(headers),
                json.readValue(rs.getString("sample"), ROWS),
                ImportMode.valueOf(rs.getString("mode")),
                total,
                processed,
                rs.getLong("created"),
                rs.getLong("updated"),
                rs.getLong("skipped"),
                rs.getLong("failed"),
                rs.getLong("left_out"),
                total == 0 ? 100 : (int) (100 * processed / total),
                rs.getString("error"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
