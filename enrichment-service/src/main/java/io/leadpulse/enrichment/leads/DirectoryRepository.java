package io.leadpulse.enrichment.leads;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class DirectoryRepository {

    private static final RowMapper<LeadProfile> PROFILE = (rs, row) -> new LeadProfile(
            rs.getObject("lead_id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getString("first_name"),
            rs.getString("last_name"),
            rs.getString("phone"),
            rs.getString("company"),
            rs.getObject("assignee_id", UUID.class),
            rs.getBoolean("deleted"));

    private final JdbcClient jdbc;

    DirectoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A lead's contact fields; a deleted lead stays deleted, an older change never overwrites a newer. */
    void upsertLead(LeadProfile lead, boolean withAssignee, Instant at) {
        jdbc.sql("""
                        insert into lead_profile (lead_id, org_id, first_name, last_name, phone, company, assignee_id, updated_at)
                        values (:lead, :org, :first, :last, :phone, :company, :assignee, :at)
                        on conflict (lead_id) do update set
                            first_name = excluded.first_name, last_name = excluded.last_name,
                            phone = excluded.phone, company = excluded.company,
                            assignee_id = case when :withAssignee then excluded.assignee_id else lead_profile.assignee_id end,
                            updated_at = excluded.updated_at
                        where not lead_profile.deleted and lead_profile.updated_at <= excluded.updated_at
                        """)
                .param("lead", lead.leadId())
                .param("org", lead.orgId())
                .param("first", lead.firstName())
                .param("last", lead.lastName())
                .param("phone", lead.phone())
                .param("company", lead.company())
                .param("assignee", lead.assigneeId())
                .param("withAssignee", withAssignee)
                .param("at", Timestamp.from(at))
                .update();
    }

    void assign(UUID orgId, UUID leadId, UUID assigneeId) {
        jdbc.sql("update lead_profile set assignee_id = :assignee where lead_id = :lead and org_id = :org")
                .param("assignee", assigneeId)
                .param("lead", leadId)
                .param("org", orgId)
                .update();
    }

    void markDeleted(UUID orgId, UUID leadId, Instant at) {
        jdbc.sql("""
                        insert into lead_profile (lead_id, org_id, deleted, updated_at) values (:lead, :org, true, :at)
                        on conflict (lead_id) do update set deleted = true, updated_at = excluded.updated_at
                        """)
                .param("lead", leadId)
                .param("org", orgId)
                .param("at", Timestamp.from(at))
                .update();
    }

    Optional<LeadProfile> find(UUID leadId) {
        return jdbc.sql("select * from lead_profile where lead_id = :lead")
                .param("lead", leadId)
                .query(PROFILE)
                .optional();
    }

    void upsertUser(UUID userId, UUID orgId, String role, boolean active, Instant at) {
        jdbc.sql("""
                        insert into directory_user (user_id, org_id, role, active, updated_at)
                        values (:user, :org, :role, :active, :at)
                        on conflict (user_id) do update set
                            org_id = excluded.org_id, role = excluded.role, active = excluded.active,
                            updated_at = excluded.updated_at
                        where directory_user.updated_at <= excluded.updated_at
                        """)
                .param("user", userId)
                .param("org", orgId)
                .param("role", role)
                .param("active", active)
                .param("at", Timestamp.from(at))
                .update();
    }

    List<UUID> admins(UUID orgId) {
        return jdbc.sql("select user_id from directory_user where org_id = :org and role = 'ADMIN' and active")
                .param("org", orgId)
                .query(UUID.class)
                .list();
    }
}
