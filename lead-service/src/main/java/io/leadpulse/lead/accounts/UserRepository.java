package io.leadpulse.lead.accounts;

import io.leadpulse.platform.web.security.Role;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {

    private static final RowMapper<User> USER = (rs, row) -> new User(
            rs.getObject("id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getString("email"),
            rs.getString("name"),
            Role.valueOf(rs.getString("role")),
            rs.getBoolean("active"),
            rs.getString("phone"),
            rs.getBoolean("sms_consent"),
            instant(rs.getTimestamp("sms_consent_at")));

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Credentials(User user, String passwordHash) {}

    Optional<Credentials> findCredentials(String email) {
        return jdbc.sql("select * from app_user where lower(email) = lower(:email)")
                .param("email", email)
                .query((rs, row) -> new Credentials(USER.mapRow(rs, row), rs.getString("password_hash")))
                .optional();
    }

    public Optional<User> findInOrg(UUID orgId, UUID userId) {
        return jdbc.sql("select * from app_user where org_id = :org and id = :id")
                .param("org", orgId)
                .param("id", userId)
                .query(USER)
                .optional();
    }

    public List<UUID> adminIds(UUID orgId) {
        return jdbc.sql("select id from app_user where org_id = :org and role = 'ADMIN' and active")
                .param("org", orgId)
                .query(UUID.class)
                .list();
    }

    Optional<String> orgName(UUID orgId) {
        return jdbc.sql("select name from organisation where id = :id")
                .param("id", orgId)
                .query(String.class)
                .optional();
    }

    UUID createOrg(String name) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name) values (:id, :name)")
                .param("id", id)
                .param("name", name)
                .update();
        return id;
    }

    Optional<UUID> findOrgByName(String name) {
        return jdbc.sql("select id from organisation where name = :name order by created_at limit 1")
                .param("name", name)
                .query(UUID.class)
                .optional();
    }

    /** Every user of the organisation, admins first, then by name. */
    List<User> listOrg(UUID orgId) {
        return jdbc.sql("select * from app_user where org_id = :org order by role, lower(name), id")
                .param("org", orgId)
                .query(USER)
                .list();
    }

    /** Locks the user's row for a change in the caller's transaction. */
    Optional<User> lockInOrg(UUID orgId, UUID userId) {
        return jdbc.sql("select * from app_user where org_id = :org and id = :id for update")
                .param("org", orgId)
                .param("id", userId)
                .query(USER)
                .optional();
    }

    /**
     * Locks the organisation's active admins (in id order, so two changes never deadlock) and
     * returns how many there are: the last one may not be demoted or deactivated.
     */
    int lockActiveAdmins(UUID orgId) {
        return jdbc.sql(
                        "select id from app_user where org_id = :org and role = 'ADMIN' and active order by id for update")
                .param("org", orgId)
                .query(UUID.class)
                .list()
                .size();
    }

    /** Inserts unless the email is taken (any organisation); returns the user when it inserted. */
    Optional<User> insert(UUID orgId, String email, String passwordHash, String name, Role role) {
        return insert(orgId, email, passwordHash, name, role, null);
    }

    /** As {@link #insert(UUID, String, String, String, Role)}, with a mobile number (no consent yet). */
    Optional<User> insert(UUID orgId, String email, String passwordHash, String name, Role role, String phone) {
        return jdbc.sql("""
                        insert into app_user (id, org_id, email, password_hash, name, role, phone)
                        values (:id, :org, :email, :hash, :name, :role, :phone)
                        on conflict do nothing
                        returning *
                        """)
                .param("id", UUID.randomUUID())
                .param("org", orgId)
                .param("email", email.toLowerCase(java.util.Locale.ROOT))
                .param("hash", passwordHash)
                .param("name", name)
                .param("role", role.name())
                .param("phone", phone)
                .query(USER)
                .optional();
    }

    void update(User user) {
        jdbc.sql("""
                        update app_user set name = :name, role = :role, active = :active, phone = :phone,
                                            sms_consent = :consent, sms_consent_at = :consentAt
                        where org_id = :org and id = :id
                        """)
                .param("name", user.name())
                .param("role", user.role().name())
                .param("active", user.active())
                .param("phone", user.phone())
                .param("consent", user.smsConsent())
                .param("consentAt", user.smsConsentAt() == null ? null : Timestamp.from(user.smsConsentAt()))
                .param("org", user.orgId())
                .param("id", user.id())
                .update();
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
