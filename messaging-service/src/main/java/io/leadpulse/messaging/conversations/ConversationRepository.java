package io.leadpulse.messaging.conversations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConversationRepository {

    private static final RowMapper<Conversation> CONVERSATION = (rs, row) -> new Conversation(
            rs.getObject("id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getObject("lead_id", UUID.class),
            rs.getString("channel"),
            name(rs.getString("first_name"), rs.getString("last_name")),
            rs.getString("company"),
            rs.getObject("assignee_id", UUID.class),
            rs.getTimestamp("last_message_at").toInstant(),
            rs.getString("last_direction"),
            rs.getString("last_preview"),
            rs.getInt("unread_count"),
            rs.getTimestamp("last_read_at") == null
                    ? null
                    : rs.getTimestamp("last_read_at").toInstant());

    private static final String SELECT = """
            select c.*, l.first_name, l.last_name, l.company, l.assignee_id
            from conversation c join lead_contact l on l.lead_id = c.lead_id and l.org_id = c.org_id
            """;

    private final JdbcClient jdbc;

    ConversationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a message on its conversation; an inbound one adds to the unread count. */
    void touch(UUID orgId, UUID leadId, String channel, String direction, String preview, Instant at) {
        jdbc.sql("""
                        insert into conversation (id, org_id, lead_id, channel, last_message_at, last_direction,
                                                  last_preview, unread_count)
                        values (:id, :org, :lead, :channel, :at, :direction, :preview, :unread)
                        on conflict on constraint conversation_lead_channel do update set
                            last_message_at = greatest(conversation.last_message_at, excluded.last_message_at),
                            last_direction = case when excluded.last_message_at >= conversation.last_message_at
                                                  then excluded.last_direction else conversation.last_direction end,
                            last_preview = case when excluded.last_message_at >= conversation.last_message_at
                                                then excluded.last_preview else conversation.last_preview end,
                            unread_count = conversation.unread_count + excluded.unread_count
                        """)
                .param("id", UUID.randomUUID())
                .param("org", orgId)
                .param("lead", leadId)
                .param("channel", channel)
                .param("at", Timestamp.from(at))
                .param("direction", direction)
                .param("preview", preview)
                .param("unread", "INBOUND".equals(direction) ? 1 : 0)
                .update();
    }

    /**
     * Newest first. {@code assignee} null: every lead of the org (an admin). {@code query} matches
     * the lead's name, company or phone, or any message of the conversation.
     */
    List<Conversation> list(UUID orgId, UUID assignee, String query, boolean unreadOnly, int limit) {
        String like = query == null
                ? null
                : "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql(SELECT + """
                        where c.org_id = :org
                          and (cast(:assignee as uuid) is null or l.assignee_id = :assignee)
                          and (not :unreadOnly or c.unread_count > 0)
                          and (cast(:like as text) is null
                               or concat_ws(' ', l.first_name, l.last_name, l.company, l.phone, l.email) ilike :like
                               or exists (select 1 from message m where m.lead_id = c.lead_id and m.org_id = c.org_id
                                          and m.channel = c.channel and m.body ilike :like))
                        order by c.last_message_at desc, c.id desc
                        limit :limit
                        """)
                .param("org", orgId)
                .param("assignee", assignee)
                .param("unreadOnly", unreadOnly)
                .param("like", like)
                .param("limit", limit)
                .query(CONVERSATION)
                .list();
    }

    long unreadTotal(UUID orgId, UUID assignee) {
        return jdbc.sql("""
                        select coalesce(sum(c.unread_count), 0) from conversation c
                        join lead_contact l on l.lead_id = c.lead_id and l.org_id = c.org_id
                        where c.org_id = :org and (cast(:assignee as uuid) is null or l.assignee_id = :assignee)
                        """)
                .param("org", orgId)
                .param("assignee", assignee)
                .query(Long.class)
                .single();
    }

    Optional<Conversation> lock(UUID orgId, UUID id) {
        return jdbc.sql(SELECT + " where c.org_id = :org and c.id = :id for update of c")
                .param("org", orgId)
                .param("id", id)
                .query(CONVERSATION)
                .optional();
    }

    void markRead(UUID id, Instant at) {
        jdbc.sql("update conversation set unread_count = 0, last_read_at = :at where id = :id")
                .param("at", Timestamp.from(at))
                .param("id", id)
                .update();
    }

    private static String name(String first, String last) {
        if (first == null) {
            return last;
        }
        return last == null ? first : first + " " + last;
    }
}
