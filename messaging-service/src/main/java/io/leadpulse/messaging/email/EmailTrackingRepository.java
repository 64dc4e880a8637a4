package io.leadpulse.messaging.email;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EmailTrackingRepository {

    private final JdbcClient jdbc;

    EmailTrackingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time this message is opened (or clicked). */
    boolean first(UUID messageId, String kind, String url, Instant at) {
        return jdbc.sql("""
                        insert into email_tracking (message_id, kind, first_at, url) values (?, ?, ?, ?)
                        on conflict do nothing
                        """).params(messageId, kind, Timestamp.from(at), url).update() == 1;
    }
}
