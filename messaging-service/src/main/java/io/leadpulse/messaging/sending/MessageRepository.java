package io.leadpulse.messaging.sending;

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
class MessageRepository {

    static final RowMapper<Message> MESSAGE = (rs, row) -> new Message(
            rs.getObject("id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getObject("lead_id", UUID.class),
            Channel.valueOf(rs.getString("channel")),
            Message.Direction.valueOf(rs.getString("direction")),
            rs.getString("from_address"),
            rs.getString("to_address"),
            rs.getString("body"),
            MessageStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
            rs.getString("provider_sid"),
            (Integer) rs.getObject("error_code"),
            rs.getString("error_message"),
            rs.getObject("sent_by", UUID.class),
            rs.getInt("attempts"),
            instant(rs, "created_at"),
            instant(rs, "send_after"),
            instant(rs, "expires_at"),
            instant(rs, "status_at"),
            rs.getString("subject"));

    private final JdbcClient jdbc;

    MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Message m) {
        jdbc.sql("""
                        insert into message (id, org_id, lead_id, channel, direction, from_address, to_address, body,
                                             status, provider_sid, error_code, error_message, sent_by, attempts,
                                             created_at, send_after, expires_at, status_at, subject)
                        values (:id, :org, :lead, :channel, :direction, :from, :to, :body, :status, :sid, :code,
                                :why, :sentBy, :attempts, :created, :sendAfter, :expires, :statusAt, :subject)
                        """)
                .param("id", m.id())
                .param("org", m.orgId())
                .param("lead", m.leadId())
                .param("channel", m.channel().name())
                .param("direction", m.direction().name())
                .param("from", m.from())
                .param("to", m.to())
                .param("body", m.body())
                .param("status", m.status().wire())
                .param("sid", m.providerSid())
                .param("code", m.errorCode())
                .param("why", m.errorMessage())
                .param("sentBy", m.sentBy())
                .param("attempts", m.attempts())
                .param("created", ts(m.createdAt()))
                .param("sendAfter", ts(m.sendAfter()))
                .param("expires", ts(m.expiresAt()))
                .param("statusAt", ts(m.statusAt()))
                .param("subject", m.subject())
                .update();
    }

    Optional<Message> find(UUID orgId, UUID id) {
        return jdbc.sql("select * from message where id = :id and org_id = :org")
                .param("id", id)
                .param("org", orgId)
                .query(MESSAGE)
                .optional();
    }

    Optional<Message> lockBySid(String sid) {
        return jdbc.sql("select * from message where provider_sid = :sid for update")
                .param("sid", sid)
                .query(MESSAGE)
                .optional();
    }

    List<Message> ofLead(UUID orgId, UUID leadId, int limit) {
        return jdbc.sql("""
                        select * from message where org_id = :org and lead_id = :lead
                        order by created_at desc, id desc limit :limit
                        """)
                .param("org", orgId)
                .param("lead", leadId)
                .param("limit", limit)
                .query(MESSAGE)
                .list();
    }

    /**
     * Due outbound messages nobody holds, locked for this transaction; other instances skip them.
     * Ordered by sender so two instances take sender rows in the same order.
     */
    List<Message> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                        select * from (
                            select * from message
                            where status = 'queued' and claimed_at is null and provider_sid is null and send_after <= :now
                            order by send_after
                            limit :limit
                            for update skip locked
                        ) due order by from_address, send_after
                        """)
                .param("now", ts(now))
                .param("limit", limit)
                .query(MESSAGE)
                .list();
    }

    /**
     * Takes the sender's next slot if it is free at {@code now}, moving it {@code interval} on;
     * otherwise answers when it frees. The row lock serialises instances.
     */
    Optional<Instant> takeSlot(String sender, Instant now, java.time.Duration interval) {
        jdbc.sql("insert into sender_slot (sender, next_at) values (:sender, :now) on conflict do nothing")
                .param("sender", sender)
                .param("now", ts(now))
                .update();
        Instant next = jdbc.sql("select next_at from sender_slot where sender = :sender for update")
                .param("sender", sender)
                .query((rs, row) -> instant(rs, "next_at"))
                .single();
        if (next.isAfter(now)) {
            return Optional.of(next);
        }
        jdbc.sql("update sender_slot set next_at = :next where sender = :sender")
                .param("next", ts(now.plus(interval)))
                .param("sender", sender)
                .update();
        return Optional.empty();
    }

    void defer(UUID id, Instant sendAfter) {
        jdbc.sql("update message set send_after = :at where id = :id")
                .param("at", ts(sendAfter))
                .param("id", id)
                .update();
    }

    /** Later, and expiring that much later: a wait we impose (warm-up cap) does not eat the validity. */
    void deferKeepingValidity(UUID id, Instant sendAfter) {
        jdbc.sql("""
                        update message set expires_at = expires_at + (:at - send_after), send_after = :at
                        where id = :id
                        """).param("at", ts(sendAfter)).param("id", id).update();
    }

    Optional<Message> lock(UUID id) {
        return jdbc.sql("select * from message where id = :id for update")
                .param("id", id)
                .query(MESSAGE)
                .optional();
    }

    int softBounces(UUID id) {
        return jdbc.sql("select soft_bounces from message where id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
    }

    void setSoftBounces(UUID id, int count) {
        jdbc.sql("update message set soft_bounces = :count where id = :id")
                .param("count", count)
                .param("id", id)
                .update();
    }

    void claim(UUID id, Instant now) {
        jdbc.sql("update message set claimed_at = :now, attempts = attempts + 1 where id = :id")
                .param("now", ts(now))
                .param("id", id)
                .update();
    }

    /** Back to the queue after a provider outage. */
    void release(UUID id, Instant sendAfter, String why) {
        jdbc.sql("update message set claimed_at = null, send_after = :at, error_message = :why where id = :id")
                .param("at", ts(sendAfter))
                .param("why", why)
                .param("id", id)
                .update();
    }

    /** Handed to the provider: out of the queue for good, whatever status the provider reports. */
    void setSid(UUID id, String sid) {
        jdbc.sql("update message set provider_sid = :sid where id = :id")
                .param("sid", sid)
                .param("id", id)
                .update();
    }

    void setStatus(UUID id, MessageStatus status, Integer code, String why, Instant at) {
        jdbc.sql("""
                        update message set status = :status, error_code = coalesce(:code, error_code),
                               error_message = coalesce(:why, error_message), status_at = :at
                        where id = :id
                        """)
                .param("status", status.wire())
                .param("code", code)
                .param("why", why)
                .param("at", ts(at))
                .param("id", id)
                .update();
    }

    /** Claimed before {@code before} and never answered: the instance died during the provider call. */
    List<Message> lockAbandoned(Instant before, int limit) {
        return jdbc.sql("""
                        select * from message
                        where status = 'queued' and provider_sid is null and claimed_at is not null and claimed_at < :before
                        order by claimed_at limit :limit
                        for update skip locked
                        """)
                .param("before", ts(before))
                .param("limit", limit)
                .query(MESSAGE)
                .list();
    }

    /** Status callbacks that arrived before we knew the sid are processed now rather than at their next retry. */
    int wakeWebhooksFor(String sid, Instant now) {
        return jdbc.sql("""
                        update twilio_webhook set next_attempt_at = :now
                        where message_sid = :sid and processed_at is null
                        """).param("now", ts(now)).param("sid", sid).update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
