package io.leadpulse.lead.stats;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A rep's figures for the rep portal: leads assigned now, and leads it moved to contacted, replied
 * and won this week and this month (in the organisation's time zone), beside the org's targets.
 *
 * @param monthlyTargets the organisation's monthly targets (leads, contacted, replied, won,
 *     revenueMinor), as an ADMIN set them
 */
public record RepStats(
        UUID userId, String timezone, long assigned, Period week, Period month, Map<String, Object> monthlyTargets) {

    /**
     * Distinct leads that reached each status in [from, to) while assigned to the rep.
     *
     * @param from the period's start (Monday 00:00, or the 1st 00:00, in the org's time zone)
     * @param to the next period's start
     */
    public record Period(Instant from, Instant to, long contacted, long replied, long won) {}
}
