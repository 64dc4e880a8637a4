package io.leadpulse.messaging.sending;

import io.leadpulse.messaging.leads.LeadContact;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{firstName}}}-style message templates over the lead's fields: {@code firstName},
 * {@code lastName}, {@code company}, and {@code firstLine} (the AI-written opening line from
 * enrichment's {@code lead.personalized}).
 */
public final class Templates {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    public static final String FIRST_LINE = "firstLine";

    private static final Map<String, Function<LeadContact, String>> FIELDS = Map.of(
            "firstName",
            LeadContact::firstName,
            "lastName",
            LeadContact::lastName,
            "company",
            LeadContact::company,
            FIRST_LINE,
            LeadContact::firstLine);

    private Templates() {}

    /** The fields a template names that no lead has. */
    public static Set<String> unknownFields(String template) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher matcher = FIELD.matcher(template);
        while (matcher.find()) {
            if (!FIELDS.containsKey(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        return unknown;
    }

    /** Whether the template uses the lead's AI first line. */
    public static boolean needsFirstLine(String template) {
        Matcher matcher = FIELD.matcher(template);
        while (matcher.find()) {
            if (FIRST_LINE.equals(matcher.group(1))) {
                return true;
            }
        }
        return false;
    }

    /** The template with the lead's values; a missing value renders empty. */
    public static String render(String template, LeadContact lead) {
        return render(template, lead, "");
    }

    /** As {@link #render(String, LeadContact)}, with {@code firstLineFallback} for a lead that has no first line yet. */
    public static String render(String template, LeadContact lead, String firstLineFallback) {
        Matcher matcher = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Function<LeadContact, String> field = FIELDS.get(matcher.group(1));
            String value = field == null ? matcher.group() : field.apply(lead);
            if (value == null && FIRST_LINE.equals(matcher.group(1))) {
                value = firstLineFallback;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(out);
        return out.toString().strip();
    }
}
