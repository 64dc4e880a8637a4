package io.leadpulse.billing.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ReconciliationCursorRepository {

    private final JdbcClient jdbc;

    ReconciliationCursorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Instant> get(String name) {
        return jdbc.sql("select last_created from reconciliation_cursor where name = ?")
                .param(name)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** Moves the cursor forward only. */
    void advance(String name, Instant lastCreated, Instant now) {
        jdbc.sql("""
                        insert into reconciliation_cursor (name, last_created, updated_at) values (?, ?, ?)
                        on conflict (name) do update set last_created = greatest(reconciliation_cursor.last_created,
                            excluded.last_created), updated_at = excluded.updated_at
                        """)
                .params(name, Timestamp.from(lastCreated), Timestamp.from(now))
                .update();
    }
}
