package io.leadpulse.messaging.sequences;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.leadpulse.messaging.leads.LeadContact;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a sequence enrols a lead by itself: on one of the lead events in {@code on}, a lead whose
 * current state matches every condition given (null or empty: any) is enrolled, once. For example
 * {@code {"on": ["lead.created"], "source": "import", "tags": ["webinar"], "status": "NEW"}} enrols
 * every lead a CSV import creates with the tag {@code webinar}.
 *
 * @param on {@code lead.created}, {@code lead.updated} and/or {@code lead.status_changed} (one
 *     name or a list)
 * @param source lead.created's source ({@code import} for a CSV import, {@code api}...), any case
 * @param tags tags the lead must all have (any case)
 * @param status the lead's pipeline status ({@code NEW}, {@code CONTACTED}...)
 */
public record EnrolRule(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> on,

        String source,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> tags,

        String status) {

    static final Set<String> TRIGGERS = Set.of("lead.created", "lead.updated", "lead.status_changed");
    static final Set<String> STATUSES = Set.of("NEW", "CONTACTED", "REPLIED", "HOT");

    public EnrolRule {
        on = on == null ? List.of() : List.copyOf(on);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The field at fault and why, or null when the rule is usable. */
    String[] problem() {
        if (on.isEmpty()) {
            return new String[] {"enrolRule.on", "name at least one of " + TRIGGERS};
        }
        for (String trigger : on) {
            if (!TRIGGERS.contains(trigger)) {
                return new String[] {"enrolRule.on", "unknown trigger " + trigger + "; one of " + TRIGGERS};
            }
        }
        if (status != null && !STATUSES.contains(status)) {
            // WON, PAID and LOST stop sequences: a rule enrolling such leads could never send.
            return new String[] {"enrolRule.status", "one of " + STATUSES};
        }
        if (tags.stream().anyMatch(t -> t == null || t.isBlank())) {
            return new String[] {"enrolRule.tags", "tags must not be blank"};
        }
        return null;
    }

    boolean matches(String trigger, LeadContact lead) {
        if (!on.contains(trigger)) {
            return false;
        }
        if (source != null && !source.equalsIgnoreCase(lead.source())) {
            return false;
        }
        if (status != null && !status.equals(lead.status())) {
            return false;
        }
        Set<String> has =
                lead.tags().stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        return tags.stream().map(t -> t.toLowerCase(Locale.ROOT)).allMatch(has::contains);
    }
}
