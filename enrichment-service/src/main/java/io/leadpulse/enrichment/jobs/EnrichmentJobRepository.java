package io.leadpulse.enrichment.jobs;

import io.leadpulse.enrichment.providers.Place;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EnrichmentJobRepository {

    private static final RowMapper<EnrichmentJob> JOB = (rs, row) -> new EnrichmentJob(
            rs.getObject("lead_id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getInt("generation"),
            rs.getString("status"),
            rs.getString("geo_status"),
            rs.getString("first_line_status"),
            rs.getInt("attempts"),
            rs.getInt("invalid_answers"),
            instant(rs, "requested_at"),
            instant(rs, "next_attempt_at"),
            instant(rs, "completed_at"),
            rs.getString("last_error"),
            rs.getString("geo_source") == null
                    ? null
                    : new Place(
                            rs.getObject("latitude", Double.class),
                            rs.getObject("longitude", Double.class),
                            rs.getString("timezone"),
                            rs.getString("city"),
                            rs.getString("region"),
                            rs.getString("country"),
                            rs.getString("geo_source")),
            rs.getString("geo_note"),
            instant(rs, "enriched_at"),
            rs.getString("first_line"),
            rs.getString("first_line_source"),
            instant(rs, "personalized_at"));

    private final JdbcClient jdbc;

    EnrichmentJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new lead's job, due now; a second request for the same lead changes nothing. */
    boolean insert(UUID orgId, UUID leadId, Instant now) {
        return jdbc.sql("""
                        insert into enrichment_job (lead_id, org_id, status, geo_status, first_line_status,
                                                    requested_at, next_attempt_at)
                        values (:lead, :org, 'PENDING', 'PENDING', 'PENDING', :now, :now)
                        on conflict (lead_id) do nothing
                        """)
                        .param("lead", leadId)
                        .param("org", orgId)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** The inputs changed: the named parts are to be done again, by a new generation. */
    void redo(UUID orgId, UUID leadId, boolean geo, boolean firstLine, Instant now) {
        jdbc.sql("""
                        update enrichment_job set
                            generation = generation + 1, status = 'PENDING',
                            geo_status = case when :geo then 'PENDING' else geo_status end,
                            first_line_status = case when :firstLine then 'PENDING' else first_line_status end,
                            attempts = 0, invalid_answers = 0, requested_at = :now, next_attempt_at = :now,
                            claimed_by = null, completed_at = null, last_error = null
                        where lead_id = :lead and org_id = :org and status <> 'CANCELLED'
                        """)
                .param("geo", geo)
                .param("firstLine", firstLine)
                .param("now", Timestamp.from(now))
                .param("lead", leadId)
                .param("org", orgId)
                .update();
    }

    void cancel(UUID orgId, UUID leadId, Instant now) {
        jdbc.sql("""
                        update enrichment_job set status = 'CANCELLED', generation = generation + 1,
                            claimed_by = null, completed_at = :now
                        where lead_id = :lead and org_id = :org and status = 'PENDING'
                        """)
                .param("now", Timestamp.from(now))
                .param("lead", leadId)
                .param("org", orgId)
                .update();
    }

    /**
     * Claims due jobs for {@code workerId}: each is locked ({@code SKIP LOCKED}: instances share the
     * queue) and moved out of reach until {@code leaseUntil}, when it is due again if the claimer died.
     */
    List<EnrichmentJob> claimDue(UUID workerId, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        update enrichment_job j set claimed_by = :worker, next_attempt_at = :lease
                        from (select lead_id from enrichment_job
                              where status = 'PENDING' and next_attempt_at <= :now
                              order by next_attempt_at limit :limit
                              for update skip locked) due
                        where j.lead_id = due.lead_id
                        returning j.*
                        """)
                .param("worker", workerId)
                .param("now", Timestamp.from(now))
                .param("lease", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(JOB)
                .list();
    }

    /** Records the geo part; false when the job moved on (new generation, cancelled, done by another). */
    boolean completeGeo(EnrichmentJob job, String status, Place place, String note, Instant at) {
        return jdbc.sql("""
                        update enrichment_job set geo_status = :status, geo_note = :note,
                            latitude = :lat, longitude = :lon, timezone = :tz, city = :city, region = :region,
                            country = :country, geo_source = :source, enriched_at = :at
                        where lead_id = :lead and generation = :generation and status = 'PENDING'
                          and geo_status = 'PENDING'
                        """)
                        .param("status", status)
                        .param("note", note)
                        .param("lat", place == null ? null : place.latitude())
                        .param("lon", place == null ? null : place.longitude())
                        .param("tz", place == null ? null : place.timezone())
                        .param("city", place == null ? null : place.city())
                        .param("region", place == null ? null : place.region())
                        .param("country", place == null ? null : place.country())
                        .param("source", place == null ? null : place.source())
                        .param("at", place == null ? null : Timestamp.from(at))
                        .param("lead", job.leadId())
                        .param("generation", job.generation())
                        .update()
                == 1;
    }

    boolean completeFirstLine(EnrichmentJob job, String status, String text, String source, Instant at) {
        return jdbc.sql("""
                        update enrichment_job set first_line_status = :status, first_line = :text,
                            first_line_source = :source, personalized_at = :at
                        where lead_id = :lead and generation = :generation and status = 'PENDING'
                          and first_line_status = 'PENDING'
                        """)
                        .param("status", status)
                        .param("text", text)
                        .param("source", source)
                        .param("at", Timestamp.from(at))
                        .param("lead", job.leadId())
                        .param("generation", job.generation())
                        .update()
                == 1;
    }

    /** Closes the job when both parts are settled. */
    void finishIfSettled(EnrichmentJob job, Instant at) {
        jdbc.sql("""
                        update enrichment_job set status = 'DONE', completed_at = :at, claimed_by = null
                        where lead_id = :lead and generation = :generation and status = 'PENDING'
                          and geo_status <> 'PENDING' and first_line_status <> 'PENDING'
                        """)
                .param("at", Timestamp.from(at))
                .param("lead", job.leadId())
                .param("generation", job.generation())
                .update();
    }

    /** Puts the job back, due at {@code nextAttempt}, if this worker still holds it. */
    void release(EnrichmentJob job, UUID workerId, Instant nextAttempt, boolean invalidAnswer, String error) {
        jdbc.sql("""
                        update enrichment_job set next_attempt_at = :next, attempts = attempts + 1,
                            invalid_answers = invalid_answers + case when :invalid then 1 else 0 end,
                            last_error = :error, claimed_by = null
                        where lead_id = :lead and generation = :generation and status = 'PENDING'
                          and claimed_by = :worker
                        """)
                .param("next", Timestamp.from(nextAttempt))
                .param("invalid", invalidAnswer)
                .param("error", error)
                .param("lead", job.leadId())
                .param("generation", job.generation())
                .param("worker", workerId)
                .update();
    }

    Optional<EnrichmentJob> find(UUID leadId) {
        return jdbc.sql("select * from enrichment_job where lead_id = :lead")
                .param("lead", leadId)
                .query(JOB)
                .optional();
    }

    /** Jobs by status, for the gauge {@code enrichment.jobs{status}}. */
    long countPending() {
        return jdbc.sql("select count(*) from enrichment_job where status = 'PENDING'")
                .query(Long.class)
                .single();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
