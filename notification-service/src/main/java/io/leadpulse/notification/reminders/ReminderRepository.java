package io.leadpulse.notification.reminders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ReminderRepository {

    private final JdbcClient jdbc;

    ReminderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Books or moves the reminder of one appointment. A newer version wins; a moved appointment is
     * reminded again at its new time; a cancelled one stays cancelled.
     */
    void upsert(
            UUID appointmentId,
            UUID orgId,
            UUID leadId,
            UUID assigneeId,
            String title,
            Instant startsAt,
            Instant dueAt,
            Instant versionAt) {
        jdbc.sql("""
                        insert into appointment_reminder
                            (appointment_id, org_id, lead_id, assignee_id, title, starts_at, due_at, version_at)
                        values (:id, :org, :lead, :assignee, :title, :startsAt, :dueAt, :version)
                        on conflict (appointment_id) do update set
                            assignee_id = excluded.assignee_id, title = excluded.title,
                            starts_at = excluded.starts_at, due_at = excluded.due_at,
                            version_at = excluded.version_at,
                            sent_at = case when appointment_reminder.starts_at = excluded.starts_at
                                           then appointment_reminder.sent_at end
                        where not appointment_reminder.cancelled
                          and appointment_reminder.version_at <= excluded.version_at
                        """)
                .param("id", appointmentId)
                .param("org", orgId)
                .param("lead", leadId)
                .param("assignee", assigneeId)
                .param("title", title)
                .param("startsAt", Timestamp.from(startsAt))
                .param("dueAt", Timestamp.from(dueAt))
                .param("version", Timestamp.from(versionAt))
                .update();
    }

    /** Cancels, or records the cancellation ahead of a late {@code appointment_scheduled}. */
    void cancel(UUID appointmentId, UUID orgId, UUID leadId, Instant at) {
        jdbc.sql("""
                        insert into appointment_reminder
                            (appointment_id, org_id, lead_id, starts_at, due_at, cancelled, version_at)
                        values (:id, :org, :lead, :at, :at, true, :at)
                        on conflict (appointment_id) do update set cancelled = true
                        """)
                .param("id", appointmentId)
                .param("org", orgId)
                .param("lead", leadId)
                .param("at", Timestamp.from(at))
                .update();
    }

    void cancelForLead(UUID leadId) {
        jdbc.sql("update appointment_reminder set cancelled = true where lead_id = ? and sent_at is null")
                .param(leadId)
                .update();
    }

    void reassign(UUID leadId, UUID assigneeId) {
        jdbc.sql("""
                        update appointment_reminder set assignee_id = :assignee
                        where lead_id = :lead and sent_at is null and not cancelled
                        """).param("lead", leadId).param("assignee", assigneeId).update();
    }

    /** Locks up to {@code limit} due reminders; other instances skip them (FOR UPDATE SKIP LOCKED). */
    List<DueReminder> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        select appointment_id, org_id, lead_id, assignee_id, title, starts_at
                        from appointment_reminder
                        where due_at <= :now and sent_at is null and not cancelled
                        order by due_at
                        limit :limit
                        for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> new DueReminder(
                        rs.getObject("appointment_id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getObject("lead_id", UUID.class),
                        rs.getObject("assignee_id", UUID.class),
                        rs.getString("title"),
                        rs.getTimestamp("starts_at").toInstant()))
                .list();
    }

    void markSent(UUID appointmentId, Instant now) {
        jdbc.sql("update appointment_reminder set sent_at = ? where appointment_id = ?")
                .params(Timestamp.from(now), appointmentId)
                .update();
    }
}
