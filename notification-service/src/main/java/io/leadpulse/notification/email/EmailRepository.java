package io.leadpulse.notification.email;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EmailRepository {

    record Pending(UUID id, UUID userId, String to, String subject, String body, int attempts, MailGateway.Rich rich) {}

    private final JdbcClient jdbc;

    EmailRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean insert(UUID orgId, UUID userId, String to, String subject, String body, UUID sourceEventId, Instant now) {
        return jdbc.sql("""
                        insert into email_delivery (id, org_id, user_id, to_address, subject, body, source_event_id,
                                                    next_attempt_at)
                        values (:id, :org, :user, :to, :subject, :body, :event, :now)
                        on conflict (user_id, source_event_id) do nothing
                        """)
                        .param("id", UUID.randomUUID())
                        .param("org", orgId)
                        .param("user", userId)
                        .param("to", to)
                        .param("subject", subject)
                        .param("body", body)
                        .param("event", sourceEventId)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** An email with an HTML alternative and an attachment (the weekly report). */
    boolean insertRich(
            UUID orgId,
            UUID userId,
            String to,
            String subject,
            String text,
            MailGateway.Rich rich,
            UUID sourceId,
            Instant now) {
        return jdbc.sql("""
                        insert into email_delivery (id, org_id, user_id, to_address, subject, body, source_event_id,
                                                    next_attempt_at, html, attachment, attachment_name)
                        values (:id, :org, :user, :to, :subject, :body, :event, :now, :html, :attachment, :name)
                        on conflict (user_id, source_event_id) do nothing
                        """)
                        .param("id", UUID.randomUUID())
                        .param("org", orgId)
                        .param("user", userId)
                        .param("to", to)
                        .param("subject", subject)
                        .param("body", text)
                        .param("event", sourceId)
                        .param("now", Timestamp.from(now))
                        .param("html", rich.html())
                        .param("attachment", rich.attachment())
                        .param("name", rich.attachmentName())
                        .update()
                == 1;
    }

    List<Pending> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        select id, user_id, to_address, subject, body, attempts, html, attachment, attachment_name
                        from email_delivery
                        where sent_at is null and next_attempt_at <= :now
                        order by next_attempt_at
                        limit :limit
                        for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> new Pending(
                        rs.getObject("id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getString("to_address"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getInt("attempts"),
                        rs.getString("html") == null
                                ? null
                                : new MailGateway.Rich(
                                        rs.getString("html"),
                                        rs.getBytes("attachment"),
                                        rs.getString("attachment_name"))))
                .list();
    }

    void markSent(UUID id, Instant now) {
        jdbc.sql("update email_delivery set sent_at = ?, attempts = attempts + 1 where id = ?")
                .params(Timestamp.from(now), id)
                .update();
    }

    void markFailed(UUID id, Instant retryAt, String error) {
        jdbc.sql("update email_delivery set attempts = attempts + 1, next_attempt_at = ?, last_error = ? where id = ?")
                .params(Timestamp.from(retryAt), error, id)
                .update();
    }
}
