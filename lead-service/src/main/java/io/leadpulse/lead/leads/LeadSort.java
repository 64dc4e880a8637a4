package io.leadpulse.lead.leads;

import java.util.Locale;
import java.util.Optional;

/**
 * How a lead list is ordered. Each sort is a SQL expression with its type (so a cursor's key can be
 * cast back) and the lead id as tie-breaker in the same direction, which keeps keyset pages exact
 * when many leads share a key.
 *
 * @param field the name clients use
 * @param expression the SQL sort key; an index on {@code (org_id, expression, id)} serves it
 * @param sqlType the key's type, to cast a cursor's text back
 */
public record LeadSort(String field, String expression, String sqlType, boolean descending) {

    public static final LeadSort DEFAULT = new LeadSort("createdAt", "created_at", "timestamptz", true);

    /**
     * Parses {@code field} or {@code field,asc|desc}. Without a direction, timestamps and the score
     * sort newest/highest first and {@code lastName} A to Z.
     */
    public static Optional<LeadSort> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(DEFAULT);
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        String field = parts[0].trim();
        Boolean descending = null;
        if (parts.length == 2) {
            switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
                case "asc" -> descending = false;
                case "desc" -> descending = true;
                default -> {
                    return Optional.empty();
                }
            }
        }
        return switch (field) {
            case "createdAt" ->
                Optional.of(new LeadSort(field, "created_at", "timestamptz", descending == null || descending));
            case "updatedAt" ->
                Optional.of(new LeadSort(field, "updated_at", "timestamptz", descending == null || descending));
            case "engagementScore" ->
                Optional.of(new LeadSort(field, "engagement_score", "numeric", descending == null || descending));
            case "lastName" ->
                Optional.of(new LeadSort(
                        field, "lower(coalesce(last_name, ''))", "text", descending != null && descending));
            default -> Optional.empty();
        };
    }

    /** The cursor's name for this order: a cursor made for one order is refused by another. */
    String cursorKind() {
        return "leads:" + field + ":" + (descending ? "desc" : "asc");
    }
}
