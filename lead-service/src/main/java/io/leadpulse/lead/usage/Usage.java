package io.leadpulse.lead.usage;

/**
 * An organisation's leads against its plan's quota: "250 / 500 leads (50%)".
 *
 * @param percent used as a whole percentage of the limit, rounded down (100 when the limit is 0)
 */
public record Usage(String plan, String planStatus, int used, int limit, int percent) {

    static Usage of(String plan, String planStatus, int used, int limit) {
        int percent = limit <= 0 ? 100 : (int) Math.min(100L * used / limit, Integer.MAX_VALUE);
        return new Usage(plan, planStatus, used, limit, percent);
    }
}
