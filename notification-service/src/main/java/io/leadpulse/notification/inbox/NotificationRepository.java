package io.leadpulse.notification.inbox;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class NotificationRepository {

    private static final RowMapper<Notification> NOTIFICATION = (rs, row) -> new Notification(
            rs.getObject("id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getObject("user_id", UUID.class),
            rs.getString("type"),
            rs.getString("title"),
            rs.getString("body"),
            rs.getString("subject_id"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("read_at") == null
                    ? null
                    : rs.getTimestamp("read_at").toInstant());

    private final JdbcClient jdbc;

    NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts unless this person already has a notification for this event. */
    boolean insert(Notification notification, UUID sourceEventId) {
        return jdbc.sql("""
                        insert into notification (id, org_id, user_id, type, title, body, subject_id,
                                                  source_event_id, created_at)
                        values (:id, :org, :user, :type, :title, :body, :subject, :event, :createdAt)
                        on conflict (user_id, source_event_id) do nothing
                        """)
                        .param("id", notification.id())
                        .param("org", notification.orgId())
                        .param("user", notification.userId())
                        .param("type", notification.type())
                        .param("title", notification.title())
                        .param("body", notification.body())
                        .param("subject", notification.subjectId())
                        .param("event", sourceEventId)
                        .param("createdAt", Timestamp.from(notification.createdAt()))
                        .update()
                == 1;
    }

    List<Notification> recent(UUID orgId, UUID userId, boolean unreadOnly, int limit) {
        return jdbc.sql("""
                        select * from notification
                        where org_id = :org and user_id = :user and (not :unreadOnly or read_at is null)
                        order by created_at desc, id desc
                        limit :limit
                        """)
                .param("org", orgId)
                .param("user", userId)
                .param("unreadOnly", unreadOnly)
                .param("limit", limit)
                .query(NOTIFICATION)
                .list();
    }

    long unreadCount(UUID orgId, UUID userId) {
        return jdbc.sql("select count(*) from notification where org_id = :org and user_id = :user and read_at is null")
                .param("org", orgId)
                .param("user", userId)
                .query(Long.class)
                .single();
    }
}
