package io.leadpulse.lead.hot;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class HotLeadRepository {

    private final JdbcClient jdbc;

    HotLeadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Preview views of a lead after {@code after} (exclusive) up to {@code until} (inclusive). */
    int viewsBetween(UUID leadId, Instant after, Instant until) {
        return jdbc.sql("""
                        select count(*) from preview_event
                        where lead_id = :lead and type = 'VIEW' and occurred_at > :after and occurred_at <= :until
                        """)
                .param("lead", leadId)
                .param("after", Timestamp.from(after))
                .param("until", Timestamp.from(until))
                .query(Integer.class)
                .single();
    }

    void markHot(UUID leadId, Instant at) {
        jdbc.sql("""
                        update lead set became_hot_at = :at where id = :lead
                        """).param("at", Timestamp.from(at)).param("lead", leadId).update();
    }
}
