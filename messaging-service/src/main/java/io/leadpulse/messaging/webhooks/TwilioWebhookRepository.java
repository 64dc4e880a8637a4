package io.leadpulse.messaging.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class TwilioWebhookRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};

    /** A stored delivery; {@code traceparent} is its request's (null when it came untraced). */
    record Stored(
            long id,
            WebhookKind kind,
            String sid,
            String status,
            Map<String, String> params,
            Instant receivedAt,
            String traceparent) {}

    private final JdbcClient jdbc;

    TwilioWebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when this (MessageSid, status) is already stored: a duplicate delivery. */
    boolean insert(
            WebhookKind kind, String sid, String status, Map<String, String> params, Instant at, String traceparent) {
        return jdbc.sql("""
                        insert into twilio_webhook
                            (kind, message_sid, message_status, params, received_at, next_attempt_at, traceparent)
                        values (:kind, :sid, :status, cast(:params as jsonb), :at, :at, :traceparent)
                        on conflict on constraint twilio_webhook_sid_status do nothing
                        """)
                        .param("kind", kind.name())
                        .param("sid", sid)
                        .param("status", status)
                        .param("params", JSON.writeValueAsString(params))
                        .param("at", Timestamp.from(at))
                        .param("traceparent", traceparent)
                        .update()
                == 1;
    }

    List<Long> due(Instant now, int limit) {
        return jdbc.sql("""
                        select id from twilio_webhook
                        where processed_at is null and next_attempt_at <= :now
                        order by next_attempt_at, id limit :limit
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** The row if nobody processed or holds it; locked until the transaction ends. */
    Optional<Stored> lockPending(long id) {
        return jdbc.sql("""
                        select * from twilio_webhook where id = :id and processed_at is null
                        for update skip locked
                        """)
                .param("id", id)
                .query((rs, row) -> new Stored(
                        rs.getLong("id"),
                        WebhookKind.valueOf(rs.getString("kind")),
                        rs.getString("message_sid"),
                        rs.getString("message_status"),
                        JSON.readValue(rs.getString("params"), PARAMS),
                        rs.getTimestamp("received_at").toInstant(),
                        rs.getString("traceparent")))
                .optional();
    }

    void processed(long id, String outcome, Instant at) {
        jdbc.sql(
                        "update twilio_webhook set processed_at = :at, outcome = :outcome, attempts = attempts + 1 where id = :id")
                .param("at", Timestamp.from(at))
                .param("outcome", outcome)
                .param("id", id)
                .update();
    }

    /**
     * Sets a pending row that failed aside: tried again after 2^attempts seconds, at most 10 minutes;
     * answers when (now when another instance processed it meanwhile).
     */
    Instant failed(long id, Instant now) {
        return jdbc.sql("""
                        update twilio_webhook
                        set next_attempt_at = cast(:now as timestamptz)
                                + least(interval '1 second' * power(2, least(attempts, 20)), interval '10 minutes'),
                            outcome = 'error', attempts = attempts + 1
                        where id = :id and processed_at is null
                        returning next_attempt_at
                        """)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .orElse(now);
    }

    void retryAt(long id, String outcome, Instant next) {
        jdbc.sql(
                        "update twilio_webhook set next_attempt_at = :next, outcome = :outcome, attempts = attempts + 1 where id = :id")
                .param("next", Timestamp.from(next))
                .param("outcome", outcome)
                .param("id", id)
                .update();
    }
}
