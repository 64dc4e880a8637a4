package io.leadpulse.messaging.settings;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrgSettingsRepository {

    private final JdbcClient jdbc;

    OrgSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<OrgMessagingSettings> find(UUID orgId) {
        return jdbc.sql("select * from org_messaging_settings where org_id = :org")
                .param("org", orgId)
                .query((rs, row) -> new OrgMessagingSettings(
                        orgId,
                        rs.getString("help_reply"),
                        rs.getObject("quiet_start", LocalTime.class),
                        rs.getObject("quiet_end", LocalTime.class),
                        ZoneId.of(rs.getString("timezone"))))
                .optional();
    }

    void save(OrgMessagingSettings settings) {
        jdbc.sql("""
                        insert into org_messaging_settings (org_id, help_reply, quiet_start, quiet_end, timezone)
                        values (:org, :help, :start, :end, :zone)
                        on conflict (org_id) do update set help_reply = excluded.help_reply,
                            quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
                            timezone = excluded.timezone
                        """)
                .param("org", settings.orgId())
                .param("help", settings.helpReply())
                .param("start", settings.quietStart())
                .param("end", settings.quietEnd())
                .param("zone", settings.timezone().getId())
                .update();
    }
}
