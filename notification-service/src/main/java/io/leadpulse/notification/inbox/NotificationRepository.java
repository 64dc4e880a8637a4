package io.leadpulse.notification.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        lockPeople(List.of(userId));
    }

    /**
     * Takes the locks of several people with one statement, always in ascending key order (the
     * function scan hands the array's elements to the lock in order), so two transactions locking
     * overlapping sets never wait for each other in a cycle.
     */
    void lockPeople(Collection<UUID> userIds) {
        Long[] keys = userIds.stream()
                .map(NotificationRepository::lockKey)
                .distinct()
                .sorted()
                .toArray(Long[]::new);
        if (keys.length == 0) {
            return;
        }
        jdbc.sql("select pg_advisory_xact_lock(k) from unnest(cast(:keys as bigint[])) as k")
                .param("keys", keys)
                .query((rs, row) -> 1)
                .list();
    }

    private static long lockKey(UUID userId) {
        return userId.getMostSignificantBits() ^ userId.getLeastSignificantBits();
    }

    /** Unread counts of these people, by {@code orgId + "/" + userId}; absent means zero. */
    Map<String, Long> unreadCounts(Collection<UUID> userIds) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                        select org_id, user_id, count(*) as unread from notification
                        where user_id = any(cast(:ids as uuid[])) and read_at is null
                        group by org_id, user_id
                        """).param("ids", userIds.toArray(UUID[]::new)).query(rs -> {
            counts.put(
                    rs.getObject("org_id", UUID.class) + "/" + rs.getObject("user_id", UUID.class),
                    rs.getLong("unread"));
        });
        return counts;
    }

    /**
     * Inserts several notifications (no collapse key) with one statement, skipping those whose
     * person already has a notification for that event; returns the ids inserted.
     */
    Set<UUID> insertAll(List<Notification> rows, List<UUID> sourceEventIds) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        insert into notification (id, org_id, user_id, type, title, body, subject_id,
                                                  source_event_id, repeat_count, created_at, updated_at)
                        select id, org_id, user_id, type, title, body, subject_id, source_event_id, 1,
                               :createdAt, :createdAt
                        from unnest(cast(:ids as uuid[]), cast(:orgs as uuid[]), cast(:users as uuid[]),
                                    cast(:types as text[]), cast(:titles as text[]), cast(:bodies as text[]),
                                    cast(:subjects as text[]), cast(:events as uuid[]))
                             as n(id, org_id, user_id, type, title, body, subject_id, source_event_id)
                        on conflict (user_id, source_event_id) do nothing
                        returning id
                        """)
                .param("ids", rows.stream().map(Notification::id).toArray(UUID[]::new))
                .param("orgs", rows.stream().map(Notification::orgId).toArray(UUID[]::new))
                .param("users", rows.stream().map(Notification::userId).toArray(UUID[]::new))
                .param("types", rows.stream().map(Notification::type).toArray(String[]::new))
                .param("titles", rows.stream().map(Notification::title).toArray(String[]::new))
                .param("bodies", rows.stream().map(Notification::body).toArray(String[]::new))
                .param("subjects", rows.stream().map(Notification::subjectId).toArray(String[]::new))
                .param("events", sourceEventIds.toArray(UUID[]::new))
                .param("createdAt", Timestamp.from(rows.getFirst().createdAt()))
                .query(UUID.class)
                .list());
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
