package io.leadpulse.notification.insights;

import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/** What this service knows of an org's settings (from {@code org.settings_updated}); UTC until told. */
public record OrgProfile(UUID orgId, String companyName, ZoneId zone, Map<String, Long> monthlyTargets) {

    public static OrgProfile unknown(UUID orgId) {
        return new OrgProfile(orgId, null, ZoneId.of("UTC"), Map.of());
    }
}
