package io.leadpulse.billing.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class StripeEventRepository {

    private final JdbcClient jdbc;

    StripeEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored event the worker holds the row lock of; {@code traceparent} is that of the request that delivered it (null if untraced). */
    record StoredEvent(
            String id, String type, Instant stripeCreated, String payload, int attempts, String traceparent) {}

    boolean insertIfAbsent(
            String id, String type, Instant created, String payload, String source, Instant now, String traceparent) {
        return jdbc.sql("""
                        insert into stripe_event
                            (id, type, stripe_created, payload, received_at, source, next_attempt_at, traceparent)
                        values (:id, :type, :created, :payload, :now, :source, :now, :traceparent)
                        on conflict (id) do nothing
                        """)
                        .param("id", id)
                        .param("type", type)
                        .param("created", Timestamp.from(created))
                        .param("payload", payload)
                        .param("now", Timestamp.from(now))
                        .param("source", source)
                        .param("traceparent", traceparent)
                        .update()
                == 1;
    }

    /** The oldest due event, locked for this transaction; other workers skip it. */
    Optional<StoredEvent> claimNext(Instant now) {
        return claimDue(now, 1).stream().findFirst();
    }

    /** Up to {@code limit} due events, oldest first, locked until the transaction ends (others skip them). */
    List<StoredEvent> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        select id, type, stripe_created, payload, attempts, traceparent
                        from stripe_event
                        where status = 'received' and next_attempt_at <= :now
                        order by next_attempt_at, stripe_created
                        limit :limit
                        for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> new StoredEvent(
                        rs.getString("id"),
                        rs.getString("type"),
                        rs.getTimestamp("stripe_created").toInstant(),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getString("traceparent")))
                .list();
    }

    void finish(String id, String status, UUID orgId, String outcome, Instant now) {
        jdbc.sql("""
                        update stripe_event
                        set status = :status, org_id = :org, outcome = :outcome, processed_at = :now,
                            attempts = attempts + 1
                        where id = :id
                        """)
                .param("id", id)
                .param("status", status)
                .param("org", orgId)
                .param("outcome", truncate(outcome))
                .param("now", Timestamp.from(now))
                .update();
    }

    void retryLater(String id, String outcome, Instant nextAttemptAt) {
        jdbc.sql("""
                        update stripe_event
                        set attempts = attempts + 1, outcome = :outcome, next_attempt_at = :next
                        where id = :id and status = 'received'
                        """)
                .param("id", id)
                .param("outcome", truncate(outcome))
                .param("next", Timestamp.from(nextAttemptAt))
                .update();
    }

    long countByStatus(String status) {
        return jdbc.sql("select count(*) from stripe_event where status = :status")
                .param("status", status)
                .query(Long.class)
                .single();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
