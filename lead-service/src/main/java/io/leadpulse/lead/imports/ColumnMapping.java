package io.leadpulse.lead.imports;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which column of the file fills which lead field. A mapping names columns by header, or by
 * position ({@code #1} is the first column) for a file without a header row. A column mapped to
 * nothing ({@code ""}, {@code null} or {@code "ignore"}) is ignored.
 */
final class ColumnMapping {

    private static final Pattern POSITION = Pattern.compile("#([1-9][0-9]{0,3})");

    private final Map<LeadField, Integer> columns;

    private ColumnMapping(Map<LeadField, Integer> columns) {
        this.columns = columns;
    }

    /** What the headers suggest, header to field, in file order; headers that suggest nothing are left out. */
    static Map<String, String> suggest(List<String> headers) {
        Map<String, String> suggestion = new LinkedHashMap<>();
        List<LeadField> taken = new ArrayList<>();
        for (String header : headers) {
            LeadField.suggestedBy(header)
                    .filter(field -> !taken.contains(field))
                    .ifPresent(field -> {
                        taken.add(field);
                        suggestion.put(header, field.json());
                    });
        }
        return suggestion;
    }

    /** Whether every key of the mapping names a column by position. */
    static boolean byPosition(Map<String, String> mapping) {
        return mapping != null
                && !mapping.isEmpty()
                && mapping.keySet().stream()
                        .allMatch(key -> POSITION.matcher(key).matches());
    }

    /**
     * Checks a mapping against the file's headers: every key is a header (or {@code #n} within the
     * file's width), every value a lead field, no field twice; first name and email or phone mapped.
     */
    static ColumnMapping resolve(List<String> headers, Map<String, String> mapping) {
        Map<LeadField, Integer> columns = new EnumMap<>(LeadField.class);
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            String target = entry.getValue();
            if (target == null || target.isBlank() || target.equalsIgnoreCase("ignore")) {
                continue;
            }
            LeadField field = LeadField.ofJson(target)
                    .orElseThrow(() -> invalid("'" + target + "' is not a lead field; use one of "
                            + java.util.Arrays.stream(LeadField.values())
                                    .map(LeadField::json)
                                    .toList()));
            int column = column(headers, entry.getKey())
                    .orElseThrow(() -> invalid("'" + entry.getKey() + "' is not a column of the file"));
            if (columns.put(field, column) != null) {
                throw invalid("more than one column is mapped to " + field.json());
            }
        }
        if (!columns.containsKey(LeadField.FIRST_NAME)) {
            throw missing("firstName", "no column is mapped to firstName (a first name is required)", headers);
        }
        if (!columns.containsKey(LeadField.EMAIL) && !columns.containsKey(LeadField.PHONE)) {
            throw missing("email", "no column is mapped to email or phone (one of them is required)", headers);
        }
        return new ColumnMapping(columns);
    }

    /** The cell of a field in a record, trimmed; null when absent or blank. */
    String value(List<String> record, LeadField field) {
        Integer column = columns.get(field);
        if (column == null || column >= record.size()) {
            return null;
        }
        String value = record.get(column).trim();
        return value.isEmpty() ? null : value;
    }

    private static Optional<Integer> column(List<String> headers, String key) {
        var position = POSITION.matcher(key);
        if (position.matches()) {
            int index = Integer.parseInt(position.group(1)) - 1;
            return index < headers.size() ? Optional.of(index) : Optional.empty();
        }
        int exact = headers.indexOf(key);
        if (exact >= 0) {
            return Optional.of(exact);
        }
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static ImportRejected invalid(String message) {
        return new ImportRejected(
                ImportRejected.Kind.INVALID_MAPPING,
                "mapping: " + message,
                Map.of("errors", List.of(Map.of("field", "mapping", "message", message))));
    }

    private static ImportRejected missing(String field, String message, List<String> headers) {
        return new ImportRejected(
                ImportRejected.Kind.MISSING_COLUMN,
                "A required column is missing: " + message + ". Columns in the file: " + headers + ".",
                Map.of("errors", List.of(Map.of("field", field, "message", message)), "headers", headers));
    }
}
