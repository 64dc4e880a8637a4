package io.leadpulse.messaging.sending;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SuppressionRepository {

    private final JdbcClient jdbc;

    SuppressionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the address was not suppressed yet. */
    boolean suppress(UUID orgId, String address, String reason, Instant at) {
        return jdbc.sql("""
                        insert into suppression (org_id, address, reason, created_at) values (:org, :address, :reason, :at)
                        on conflict (org_id, address) do nothing
                        """)
                        .param("org", orgId)
                        .param("address", key(address))
                        .param("reason", reason)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** A phone number opts out whatever the channel: WhatsApp addresses are the number with a prefix. */
    static String key(String address) {
        return address.startsWith("whatsapp:") ? address.substring("whatsapp:".length()) : address;
    }

    /** True when the address was suppressed. */
    boolean lift(UUID orgId, String address) {
        // A spam complaint holds for ever: no keyword lifts it.
        return jdbc.sql("delete from suppression where org_id = :org and address = :address and reason <> 'COMPLAINT'")
                        .param("org", orgId)
                        .param("address", key(address))
                        .update()
                == 1;
    }

    Optional<String> reason(UUID orgId, String address) {
        return jdbc.sql("select reason from suppression where org_id = :org and address = :address")
                .param("org", orgId)
                .param("address", key(address))
                .query(String.class)
                .optional();
    }
}
