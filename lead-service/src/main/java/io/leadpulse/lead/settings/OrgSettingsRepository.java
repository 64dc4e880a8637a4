package io.leadpulse.lead.settings;

import io.leadpulse.lead.LeadSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads (and, for the settings API, writes) {@code org_settings}; no row means the defaults. */
@Repository
public class OrgSettingsRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final String defaultPhoneRegion;

    OrgSettingsRepository(JdbcClient jdbc, JsonMapper json, LeadSettings settings) {
        this.jdbc = jdbc;
        this.json = json;
        this.defaultPhoneRegion = settings.defaultPhoneRegion();
    }

    public OrgSettings find(UUID orgId) {
        return jdbc.sql("select * from org_settings where org_id = :org")
                .param("org", orgId)
                .query(this::map)
                .optional()
                .orElseGet(() -> OrgSettings.defaults(orgId, defaultPhoneRegion));
    }

    /** The region phone numbers without a country code are read in for this organisation. */
    public String phoneRegion(UUID orgId) {
        String region = find(orgId).phoneRegion();
        return region == null ? defaultPhoneRegion : region;
    }

    /**
     * Saves the settings if {@code expectedVersion} is still current (optimistic locking).
     *
     * @return false when someone else saved in between
     */
    public boolean save(OrgSettings settings, long expectedVersion) {
        int changed = jdbc.sql("""
                        insert into org_settings (org_id, profile, hot_lead_views, hot_lead_window_minutes,
                                                  quiet_hours_start, quiet_hours_end, timezone, phone_region,
                                                  monthly_targets, updated_at, version)
                        values (:org, cast(:profile as jsonb), :views, :window, :quietStart, :quietEnd, :tz,
                                :region, cast(:targets as jsonb), now(), 1)
                        on conflict (org_id) do update set
                            profile = excluded.profile,
                            hot_lead_views = excluded.hot_lead_views,
                            hot_lead_window_minutes = excluded.hot_lead_window_minutes,
                            quiet_hours_start = excluded.quiet_hours_start,
                            quiet_hours_end = excluded.quiet_hours_end,
                            timezone = excluded.timezone,
                            phone_region = excluded.phone_region,
                            monthly_targets = excluded.monthly_targets,
                            updated_at = now(),
                            version = org_settings.version + 1
                        where org_settings.version = :expected
                        """)
                .param("org", settings.orgId())
                .param("profile", json.writeValueAsString(settings.profile()))
                .param("views", settings.hotLeadViews())
                .param("window", settings.hotLeadWindowMinutes())
                .param("quietStart", settings.quietHoursStart())
                .param("quietEnd", settings.quietHoursEnd())
                .param("tz", settings.timezone())
                .param("region", settings.phoneRegion())
                .param("targets", json.writeValueAsString(settings.monthlyTargets()))
                .param("expected", expectedVersion)
                .update();
        return changed == 1;
    }

    private OrgSettings map(ResultSet rs, int row) throws SQLException {
        return new OrgSettings(
                rs.getObject("org_id", UUID.class),
                json.readValue(rs.getString("profile"), MAP),
                rs.getInt("hot_lead_views"),
                rs.getInt("hot_lead_window_minutes"),
                rs.getObject("quiet_hours_start", java.time.LocalTime.class),
                rs.getObject("quiet_hours_end", java.time.LocalTime.class),
                rs.getString("timezone"),
                rs.getString("phone_region"),
                json.readValue(rs.getString("monthly_targets"), MAP),
                rs.getLong("version"));
    }
}
