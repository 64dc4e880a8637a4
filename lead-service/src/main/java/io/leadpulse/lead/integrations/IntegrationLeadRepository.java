package io.leadpulse.lead.integrations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class IntegrationLeadRepository {

    /** The lead a contact matches, with what decides whether the contact may change it. */
    record Match(UUID id, String email, String phone, Instant updatedAt) {}

    private final JdbcClient jdbc;

    IntegrationLeadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Match> byEmail(UUID orgId, String email) {
        return jdbc.sql("select id, email, phone, updated_at from lead where org_id = :org and email = :email")
                .param("org", orgId)
                .param("email", email)
                .query((rs, n) -> match(rs))
                .optional();
    }

    Optional<Match> byPhone(UUID orgId, String phone) {
        return jdbc.sql("select id, email, phone, updated_at from lead where org_id = :org and phone = :phone")
                .param("org", orgId)
                .param("phone", phone)
                .query((rs, n) -> match(rs))
                .optional();
    }

    private static Match match(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp updated = rs.getTimestamp("updated_at");
        return new Match(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("phone"),
                updated == null ? null : updated.toInstant());
    }
}
