package io.leadpulse.notification.rules;

import io.leadpulse.platform.events.EventEnvelope;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The platform's {@code processed_event} table (ADR 0002), written for a whole poll at once: one
 * statement records every event id of the batch and says which ones were new.
 */
@Repository
class ProcessedEventRepository {

    private final JdbcClient jdbc;

    ProcessedEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records these events as applied by {@code consumer}; returns the ids it had not applied before. */
    Set<UUID> claim(String consumer, List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        insert into processed_event (consumer, event_id, event_type)
                        select :consumer, id, type
                        from unnest(cast(:ids as uuid[]), cast(:types as text[])) as e(id, type)
                        on conflict do nothing
                        returning event_id
                        """)
                .param("consumer", consumer)
                .param("ids", events.stream().map(EventEnvelope::id).toArray(UUID[]::new))
                .param("types", events.stream().map(EventEnvelope::type).toArray(String[]::new))
                .query(UUID.class)
                .list());
    }
}
