package io.leadpulse.lead.imports;

import io.leadpulse.lead.phones.PhoneNumbers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One data row of a file, checked and normalised like a lead created through the API: first name
 * required, email or phone required, email syntax (lower-cased), phone to E.164 in the
 * organisation's region, lengths, tags split on {@code , ; |}.
 *
 * @param row the record's number in the file, the header being row 1
 * @param values the original cells, for errors.csv
 * @param error why the row is refused, or null when it is valid
 */
record ImportRow(
        long row,
        List<String> values,
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        List<String> tags,
        String error) {

    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern TAG_SEPARATOR = Pattern.compile("[,;|]");
    private static final int MAX_TAGS = 50;
    private static final int MAX_TAG_LENGTH = 40;

    static ImportRow of(long row, List<String> values, ColumnMapping mapping, String phoneRegion) {
        List<String> errors = new ArrayList<>();
        String firstName = text(values, mapping, LeadField.FIRST_NAME, errors);
        String lastName = text(values, mapping, LeadField.LAST_NAME, errors);
        String company = text(values, mapping, LeadField.COMPANY, errors);
        if (firstName == null) {
            errors.add("firstName: is required");
        }
        String email = text(values, mapping, LeadField.EMAIL, errors);
        if (email != null) {
            email = email.toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(email).matches()) {
                errors.add("email: '" + email + "' is not a valid email address");
                email = null;
            }
        }
        String rawPhone = text(values, mapping, LeadField.PHONE, errors);
        String phone = null;
        if (rawPhone != null) {
            phone = PhoneNumbers.toE164(rawPhone, phoneRegion).orElse(null);
            if (phone == null) {
                errors.add("phone: '" + rawPhone + "' is not a valid phone number (region " + phoneRegion + ")");
            }
        }
        if (email == null
                && phone == null
                && rawPhone == null
                && errors.stream().noneMatch(e -> e.startsWith("email"))) {
            errors.add("email or phone: one of them is required");
        }
        List<String> tags = tags(mapping.value(values, LeadField.TAGS), errors);
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        return new ImportRow(row, values, firstName, lastName, email, phone, company, tags, error);
    }

    boolean valid() {
        return error == null;
    }

    private static String text(List<String> values, ColumnMapping mapping, LeadField field, List<String> errors) {
        String value = mapping.value(values, field);
        if (value != null && value.length() > field.maxLength()) {
            errors.add(field.json() + ": is longer than " + field.maxLength() + " characters");
            return null;
        }
        return value;
    }

    private static List<String> tags(String cell, List<String> errors) {
        if (cell == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String part : TAG_SEPARATOR.split(cell)) {
            String tag = part.trim().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.length() > MAX_TAG_LENGTH) {
                errors.add("tags: '" + tag + "' is longer than " + MAX_TAG_LENGTH + " characters");
                continue;
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_TAGS) {
            errors.add("tags: more than " + MAX_TAGS + " tags");
        }
        return List.copyOf(tags);
    }
}
