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
