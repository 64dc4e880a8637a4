package io.leadpulse.notification.sms;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SmsRepository {

    /**
     * A claimed text with what sending it needs, read when sending: the person's number and consent
     * as the directory has them now, and the org's time zone.
     *
     * @param attempts the attempt this claim is (1 for the first), also the claim's fencing token
     */
    record Claimed(
            UUID id,
            UUID orgId,
            UUID userId,
            String type,
            String body,
            boolean urgent,
            int attempts,
            String phone,
            boolean textable,
            ZoneId zone) {}

    private final JdbcClient jdbc;

    SmsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a text once per person and event; false when this event already queued one. */
    boolean insert(
            UUID orgId,
            UUID userId,
            String type,
            String body,
            UUID sourceEventId,
            boolean urgent,
            Instant now,
            Instant due) {
        return jdbc.sql("""
                        insert into sms_delivery (id, org_id, user_id, type, body, source_event_id, urgent, created_at,
                                                  next_attempt_at)
                        values (:id, :org, :user, :type, :body, :event, :urgent, :now, :due)
                        on conflict (user_id, source_event_id) do nothing
                        """)
                        .param("id", UUID.randomUUID())
                        .param("org", orgId)
                        .param("user", userId)
                        .param("type", type)
                        .param("body", body)
                        .param("event", sourceEventId)
                        .param("urgent", urgent)
                        .param("now", Timestamp.from(now))
                        .param("due", Timestamp.from(due))
                        .update()
                == 1;
    }

    /** The org's time zone from {@code org.settings_updated}; UTC until known. */
    ZoneId zoneOf(UUID orgId) {
        return jdbc.sql("select timezone from org_profile where org_id = ?")
                .param(orgId)
                .query(String.class)
                .optional()
                .map(SmsRepository::zone)
                .orElse(ZoneId.of("UTC"));
    }

    /**
     * Claims due texts for {@code leaseUntil} (another worker takes a row back only once its lease
     * has passed: a crash mid-send loses nothing) and counts the attempt. Several workers never
     * claim one row together ({@code FOR UPDATE SKIP LOCKED}).
     */
    List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        with due as (
                            select id from sms_delivery
                            where status = 'PENDING' and next_attempt_at <= :now
                            order by next_attempt_at
                            limit :limit
                            for update skip locked
                        ), claimed as (
                            update sms_delivery d set next_attempt_at = :lease, attempts = d.attempts + 1
                            from due where d.id = due.id
                            returning d.id, d.org_id, d.user_id, d.type, d.body, d.urgent, d.attempts, d.next_attempt_at
                        )
                        select c.*, u.phone, coalesce(u.active and u.sms_consent and u.org_id = c.org_id
                                                      and u.phone is not null, false) as textable,
                               p.timezone
                        from claimed c
                        left join directory_user u on u.user_id = c.user_id
                        left join org_profile p on p.org_id = c.org_id
                        order by c.id
                        """)
                .param("now", Timestamp.from(now))
                .param("lease", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query((rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getString("type"),
                        rs.getString("body"),
                        rs.getBoolean("urgent"),
                        rs.getInt("attempts"),
                        rs.getString("phone"),
                        rs.getBoolean("textable"),
                        zone(rs.getString("timezone"))))
                .list();
    }

    /** Records the outcome of the claim {@code attempts}; false when the row was claimed again since. */
    boolean markSent(Claimed sms, String sid, Instant now) {
        return jdbc.sql("""
                        update sms_delivery set status = 'SENT', sent_at = :now, provider_sid = :sid,
                                                error_code = null, last_error = null
                        where id = :id and status = 'PENDING' and attempts = :attempts
                        """)
                        .param("now", Timestamp.from(now))
                        .param("sid", sid)
                        .param("id", sms.id())
                        .param("attempts", sms.attempts())
                        .update()
                == 1;
    }

    /** Given up for good: refused by Twilio, out of attempts, or nobody to text any more. */
    boolean markFinal(Claimed sms, String status, Integer code, String error) {
        return jdbc.sql("""
                        update sms_delivery set status = :status, error_code = :code, last_error = :error
                        where id = :id and status = 'PENDING' and attempts = :attempts
                        """)
                        .param("status", status)
                        .param("code", code)
                        .param("error", error)
                        .param("id", sms.id())
                        .param("attempts", sms.attempts())
                        .update()
                == 1;
    }

    /** Due again at {@code at}: a retry after a failure, or the end of quiet hours. */
    boolean reschedule(Claimed sms, Instant at, boolean countsAsAttempt, String error) {
        return jdbc.sql("""
                        update sms_delivery set next_attempt_at = :at, last_error = coalesce(cast(:error as varchar), last_error),
                                                attempts = attempts - (case when :counts then 0 else 1 end)
                        where id = :id and status = 'PENDING' and attempts = :attempts
                        """)
                        .param("at", Timestamp.from(at))
                        .param("error", error)
                        .param("counts", countsAsAttempt)
                        .param("id", sms.id())
                        .param("attempts", sms.attempts())
                        .update()
                == 1;
    }

    private static ZoneId zone(String id) {
        if (id == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
