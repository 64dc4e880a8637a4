package io.leadpulse.notification.insights;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One org's week (Monday 00:00 to Monday 00:00 in its time zone), the figures the email, the PDF and
 * {@code GET /api/insights/weekly} show.
 *
 * @param conversions leads that reached WON or PAID in the week (each lead once)
 * @param revenue per currency: payments minus refunds, in minor units
 * @param bestRep most conversions, then most replies; null when nobody has either
 * @param targets the org's monthly targets pro-rated to a week (× 12 / 52) beside the actuals
 */
public record WeeklyInsights(
        UUID orgId,
        String companyName,
        String week,
        LocalDate from,
        LocalDate to,
        String timezone,
        long newLeads,
        long contacted,
        long replies,
        long hotLeads,
        long conversions,
        List<Money> revenue,
        Rep bestRep,
        List<Target> targets) {

    public record Money(String currency, long netMinor) {}

    public record Rep(UUID userId, String name, long conversions, long replies) {}

    /**
     * @param metric {@code leads, contacted, replied, won, revenueMinor}
     * @param actual this week's figure (revenue: only when the week has one currency, else null)
     * @param monthlyTarget as set in the org's settings
     * @param weeklyTarget {@code monthlyTarget × 12 / 52}, rounded to one decimal
     * @param percent {@code actual / weeklyTarget} in percent, rounded; null without an actual or a target
     */
    public record Target(String metric, Long actual, long monthlyTarget, double weeklyTarget, Long percent) {}
}
