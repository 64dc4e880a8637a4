package io.leadpulse.lead.leads;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A filtered, sorted page of leads. Empty lists and nulls mean "no filter".
 *
 * @param statuses any of these
 * @param assigneeId only this assignee's leads
 * @param unassigned only leads nobody is assigned to
 * @param tags all of these (tags are stored lower-cased)
 * @param q case-insensitive text contained in the name, company, email or phone
 * @param cursor the {@code nextCursor} of the previous page, or null for the first
 */
public record LeadQuery(
        List<LeadStatus> statuses,
        UUID assigneeId,
        boolean unassigned,
        List<String> tags,
        BigDecimal minScore,
        BigDecimal maxScore,
        String q,
        LeadSort sort,
        String cursor,
        int limit) {

    public LeadQuery {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        tags = tags == null ? List.of() : List.copyOf(tags);
        sort = sort == null ? LeadSort.DEFAULT : sort;
    }
}
