package io.leadpulse.lead.settings;

import java.time.LocalTime;
import java.util.Map;
import java.util.UUID;

/**
 * What an ADMIN sets for its organisation. An organisation that never saved settings gets
 * {@link #defaults(UUID, String)}.
 *
 * @param profile company profile (name, website, phone, address...) shown on preview pages
 * @param hotLeadViews preview views that make a lead hot...
 * @param hotLeadWindowMinutes ...within this many minutes (PRODUCT.md F5: 3 in 10)
 * @param quietHoursStart no messages to leads from this local time...
 * @param quietHoursEnd ...until this one, in the lead's timezone (the org's when unknown)
 * @param timezone the organisation's IANA timezone
 * @param phoneRegion ISO 3166 region for phone numbers written without a country code
 * @param monthlyTargets targets dashboards compare with actuals (leads, replies, won, revenue...)
 */
public record OrgSettings(
        UUID orgId,
        Map<String, Object> profile,
        int hotLeadViews,
        int hotLeadWindowMinutes,
        LocalTime quietHoursStart,
        LocalTime quietHoursEnd,
        String timezone,
        String phoneRegion,
        Map<String, Object> monthlyTargets,
        long version) {

    public static OrgSettings defaults(UUID orgId, String phoneRegion) {
        return new OrgSettings(
                orgId, Map.of(), 3, 10, LocalTime.of(21, 0), LocalTime.of(8, 0), "UTC", phoneRegion, Map.of(), 0);
    }
}
