package io.leadpulse.notification.directory;

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

    private static final RowMapper<DirectoryUser> USER = (rs, row) -> new DirectoryUser(
            rs.getObject("user_id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getString("name"),
            rs.getString("email"),
            rs.getString("role"),
            rs.getBoolean("active"),
            rs.getString("phone"),
            rs.getBoolean("sms_consent"));

    private final JdbcClient jdbc;

    DirectoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Upserts unless we already hold a newer version of this user. */
    void upsertUser(DirectoryUser user, Instant versionAt) {
        jdbc.sql("""
                        insert into directory_user (user_id, org_id, name, email, role, active, phone, sms_consent,
                                                    version_at)
                        values (:id, :org, :name, :email, :role, :active, :phone, :consent, :version)
                        on conflict (user_id) do update set
                            org_id = excluded.org_id, name = excluded.name, email = excluded.email,
                            role = excluded.role, active = excluded.active, phone = excluded.phone,
                            sms_consent = excluded.sms_consent, version_at = excluded.version_at
                        where directory_user.version_at <= excluded.version_at
                        """)
                .param("id", user.userId())
                .param("org", user.orgId())
                .param("name", user.name())
                .param("email", user.email())
                .param("role", user.role())
                .param("active", user.active())
                .param("phone", user.phone())
                .param("consent", user.smsConsent())
                .param("version", Timestamp.from(versionAt))
                .update();
    }

    Optional<DirectoryUser> user(UUID userId) {
        return jdbc.sql("select * from directory_user where user_id = ?")
                .param(userId)
                .query(USER)
                .optional();
    }

    List<DirectoryUser> users(java.util.Collection<UUID> userIds) {
        return jdbc.sql("select * from directory_user where user_id = any(cast(:ids as uuid[]))")
                .param("ids", userIds.toArray(UUID[]::new))
                .query(USER)
                .list();
    }

    List<UUID> activeUsers(UUID orgId, boolean adminsOnly) {
        return jdbc.sql("""
                        select user_id from directory_user
                        where org_id = :org and active and (not :adminsOnly or role = 'ADMIN')
                        order by user_id
                        """)
                .param("org", orgId)
                .param("adminsOnly", adminsOnly)
                .query(UUID.class)
                .list();
    }

    /** A lead's org and assignee; a later version wins, a deleted lead stays deleted. */
    void upsertLead(UUID leadId, UUID orgId, UUID assigneeId, boolean deleted, Instant versionAt) {
        jdbc.sql("""
                        insert into directory_lead (lead_id, org_id, assignee_id, deleted, version_at)
                        values (:id, :org, :assignee, :deleted, :version)
                        on conflict (lead_id) do update set
                            assignee_id = case when excluded.deleted then directory_lead.assignee_id
                                               else excluded.assignee_id end,
                            deleted = directory_lead.deleted or excluded.deleted,
                            version_at = greatest(directory_lead.version_at, excluded.version_at)
                        where excluded.deleted
                           or (not directory_lead.deleted and directory_lead.version_at <= excluded.version_at)
                        """)
                .param("id", leadId)
                .param("org", orgId)
                .param("assignee", assigneeId)
                .param("deleted", deleted)
                .param("version", Timestamp.from(versionAt))
                .update();
    }

    Optional<LeadOwner> lead(UUID leadId) {
        return jdbc.sql("select lead_id, org_id, assignee_id, deleted from directory_lead where lead_id = ?")
                .param(leadId)
                .query((rs, row) -> new LeadOwner(
                        rs.getObject("lead_id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getObject("assignee_id", UUID.class),
                        rs.getBoolean("deleted")))
                .optional();
    }
}
