package io.leadpulse.notification.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
            rs.getInt("repeat_count"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant(),
            rs.getTimestamp("read_at") == null
                    ? null
                    : rs.getTimestamp("read_at").toInstant());

    private final JdbcClient jdbc;

    NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises this person's notification writes until the transaction ends, so the unread
     * count pushed with each change is exact even with several consumer threads.
     */
    void lockPerson(UUID userId) {
        jdbc.sql("select pg_advisory_xact_lock(:key)")
                .param("key", userId.getMostSignificantBits() ^ userId.getLeastSignificantBits())
                .query((rs, row) -> 1)
                .list();
    }

    /** Inserts unless this person already has a notification for this event. */
    boolean insert(Notification notification, UUID sourceEventId, String collapseKey) {
        return jdbc.sql("""
                        insert into notification (id, org_id, user_id, type, title, body, subject_id,
                                                  source_event_id, collapse_key, repeat_count, created_at, updated_at)
                        values (:id, :org, :user, :type, :title, :body, :subject, :event, :collapse, :count,
                                :createdAt, :createdAt)
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
                        .param("collapse", collapseKey)
                        .param("count", notification.count())
                        .param("createdAt", Timestamp.from(notification.createdAt()))
                        .update()
                == 1;
    }

    /** The person's unread notification with this key created since {@code since}, locked. */
    Optional<Notification> collapsible(UUID orgId, UUID userId, String collapseKey, Instant since) {
        return jdbc.sql("""
                        select * from notification
                        where user_id = :user and org_id = :org and collapse_key = :key and read_at is null
                          and created_at >= :since
                        order by created_at desc
                        limit 1
                        for update
                        """)
                .param("user", userId)
                .param("org", orgId)
                .param("key", collapseKey)
                .param("since", Timestamp.from(since))
                .query(NOTIFICATION)
                .optional();
    }

    Notification bump(UUID id, String title, Instant now) {
        return jdbc.sql("""
                        update notification set repeat_count = repeat_count + 1, title = :title, updated_at = :now
                        where id = :id
                        returning *
                        """)
                .param("id", id)
                .param("title", title)
                .param("now", Timestamp.from(now))
                .query(NOTIFICATION)
                .single();
    }

    /** A page in (created_at desc, id desc) order, strictly after {@code after} when given. */
    List<Notification> page(UUID orgId, UUID userId, boolean unreadOnly, Cursor after, int limit) {
        return jdbc.sql("""
                        select * from notification
                        where org_id = :org and user_id = :user and (not :unreadOnly or read_at is null)
                          and (cast(:afterAt as timestamptz) is null
                               or (created_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid)))
                        order by created_at desc, id desc
                        limit :limit
                        """)
                .param("org", orgId)
                .param("user", userId)
                .param("unreadOnly", unreadOnly)
                .param("afterAt", after == null ? null : Timestamp.from(after.createdAt()))
                .param("afterId", after == null ? null : after.id())
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

    Optional<Notification> find(UUID orgId, UUID userId, UUID id) {
        return jdbc.sql("select * from notification where id = :id and org_id = :org and user_id = :user")
                .param("id", id)
                .param("org", orgId)
                .param("user", userId)
                .query(NOTIFICATION)
                .optional();
    }

    boolean markRead(UUID orgId, UUID userId, UUID id, Instant now) {
        return jdbc.sql("""
                        update notification set read_at = :now, updated_at = :now
                        where id = :id and org_id = :org and user_id = :user and read_at is null
                        """)
                        .param("id", id)
                        .param("org", orgId)
                        .param("user", userId)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    int markAllRead(UUID orgId, UUID userId, Instant now) {
        return jdbc.sql("""
                        update notification set read_at = :now, updated_at = :now
                        where org_id = :org and user_id = :user and read_at is null
                        """)
                .param("org", orgId)
                .param("user", userId)
                .param("now", Timestamp.from(now))
                .update();
    }
}
