package io.leadpulse.lead.appointments;

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
class AppointmentRepository {

    private final JdbcClient jdbc;

    AppointmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Appointment a) {
        jdbc.sql("""
                        insert into appointment (id, org_id, lead_id, kind, title, starts_at, ends_at, assignee_id,
                                                 status, created_by, created_at, updated_at)
                        values (:id, :org, :lead, :kind, :title, :startsAt, :endsAt, :assignee, :status, :createdBy,
                                :createdAt, :updatedAt)
                        """)
                .param("id", a.id())
                .param("org", a.orgId())
                .param("lead", a.leadId())
                .param("kind", a.kind().name())
                .param("title", a.title())
                .param("startsAt", ts(a.startsAt()))
                .param("endsAt", ts(a.endsAt()))
                .param("assignee", a.assigneeId())
                .param("status", a.status())
                .param("createdBy", a.createdBy())
                .param("createdAt", ts(a.createdAt()))
                .param("updatedAt", ts(a.updatedAt()))
                .update();
    }

    void update(Appointment a) {
        jdbc.sql("""
                        update appointment set title = :title, starts_at = :startsAt, ends_at = :endsAt,
                                               assignee_id = :assignee, status = :status, updated_at = :updatedAt,
                                               cancelled_at = :cancelledAt
                        where org_id = :org and id = :id
                        """)
                .param("title", a.title())
                .param("startsAt", ts(a.startsAt()))
                .param("endsAt", ts(a.endsAt()))
                .param("assignee", a.assigneeId())
                .param("status", a.status())
                .param("updatedAt", ts(a.updatedAt()))
                .param("cancelledAt", ts(a.cancelledAt()))
                .param("org", a.orgId())
                .param("id", a.id())
                .update();
    }

    /** The appointment, locked until the transaction ends. */
    Optional<Appointment> lock(UUID orgId, UUID id) {
        return jdbc.sql("select * from appointment where org_id = :org and id = :id for update")
                .param("org", orgId)
                .param("id", id)
                .query(AppointmentRepository::map)
                .optional();
    }

    Optional<Appointment> find(UUID orgId, UUID id) {
        return jdbc.sql("select * from appointment where org_id = :org and id = :id")
                .param("org", orgId)
                .param("id", id)
                .query(AppointmentRepository::map)
                .optional();
    }

    List<Appointment> forLead(UUID orgId, UUID leadId) {
        return jdbc.sql("select * from appointment where org_id = :org and lead_id = :lead order by starts_at, id")
                .param("org", orgId)
                .param("lead", leadId)
                .query(AppointmentRepository::map)
                .list();
    }

    /** Appointments starting in [from, to), of one assignee or (null) the whole organisation. */
    List<Appointment> inRange(UUID orgId, UUID assignee, Instant from, Instant to, boolean withCancelled, int limit) {
        return jdbc.sql("""
                        select * from appointment
                        where org_id = :org and (cast(:assignee as uuid) is null or assignee_id = :assignee)
                          and starts_at >= :from and starts_at < :to
                          and (:withCancelled or status = 'SCHEDULED')
                        order by starts_at, id
                        limit :limit
                        """)
                .param("org", orgId)
                .param("assignee", assignee)
                .param("from", ts(from))
                .param("to", ts(to))
                .param("withCancelled", withCancelled)
                .param("limit", limit)
                .query(AppointmentRepository::map)
                .list();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Appointment map(ResultSet rs, int row) throws SQLException {
        return new Appointment(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                rs.getObject("lead_id", UUID.class),
                Appointment.Kind.valueOf(rs.getString("kind")),
                rs.getString("title"),
                instant(rs.getTimestamp("starts_at")),
                instant(rs.getTimestamp("ends_at")),
                rs.getObject("assignee_id", UUID.class),
                rs.getString("status"),
                rs.getObject("created_by", UUID.class),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("cancelled_at")));
    }
}
