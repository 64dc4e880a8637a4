package io.leadpulse.notification.preferences;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PreferenceRepository {

    private static final RowMapper<Preference> PREFERENCE = (rs, row) ->
            new Preference(rs.getString("type"), rs.getBoolean("in_app"), rs.getBoolean("email"), rs.getBoolean("sms"));

    private final JdbcClient jdbc;

    PreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Preference> of(UUID orgId, UUID userId) {
        return jdbc.sql("select * from notification_preference where org_id = :org and user_id = :user")
                .param("org", orgId)
                .param("user", userId)
                .query(PREFERENCE)
                .list();
    }

    /** Saved choices of these people, each with the org it was saved in. */
    List<Preferences.Saved> ofPeople(java.util.Collection<UUID> userIds) {
        return jdbc.sql("select * from notification_preference where user_id = any(cast(:ids as uuid[]))")
                .param("ids", userIds.toArray(UUID[]::new))
                .query((rs, row) -> new Preferences.Saved(
                        rs.getObject("user_id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        PREFERENCE.mapRow(rs, row)))
                .list();
    }

    void save(UUID orgId, UUID userId, Preference preference) {
        jdbc.sql("""
                        insert into notification_preference (user_id, org_id, type, in_app, email, sms)
                        values (:user, :org, :type, :inApp, :email, :sms)
                        on conflict (user_id, type) do update set
                            in_app = excluded.in_app, email = excluded.email, sms = excluded.sms
                        where notification_preference.org_id = excluded.org_id
                        """)
                .param("user", userId)
                .param("org", orgId)
                .param("type", preference.type())
                .param("inApp", preference.inApp())
                .param("email", preference.email())
                .param("sms", preference.sms())
                .update();
    }
}
