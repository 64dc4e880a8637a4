package io.leadpulse.lead.imports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A lead field a CSV column can be mapped to, with the header names that suggest it. */
public enum LeadField {
    FIRST_NAME("firstName", 100, "firstname", "first", "givenname", "forename", "fname", "name", "vorname", "prenom"),
    LAST_NAME("lastName", 100, "lastname", "last", "surname", "familyname", "lname", "nachname", "nom"),
    EMAIL("email", 320, "email", "emailaddress", "mail", "emailid", "workemail"),
    PHONE(
            "phone",
            40,
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "cell",
            "cellphone",
            "tel",
            "telephone",
            "telefon",
            "whatsapp"),
    COMPANY("company", 200, "company", "companyname", "organisation", "organization", "business", "account", "firma"),
    TAGS("tags", 2000, "tags", "tag", "labels", "label", "segments");

    private final String json;
    private final int maxLength;
    private final Set<String> synonyms;

    LeadField(String json, int maxLength, String... synonyms) {
        this.json = json;
        this.maxLength = maxLength;
        this.synonyms = Set.of(synonyms);
    }

    /** The name used in mappings and errors: {@code firstName}, {@code email}... */
    public String json() {
        return json;
    }

    int maxLength() {
        return maxLength;
    }

    static Optional<LeadField> ofJson(String name) {
        return Arrays.stream(values()).filter(f -> f.json.equals(name)).findFirst();
    }

    /** The field a header suggests: "First Name", "first_name", "E-mail", "Mobile"... */
    static Optional<LeadField> suggestedBy(String header) {
        String key = normalise(header);
        return Arrays.stream(values())
                .filter(f -> f.synonyms.contains(key)
                        || f.json.toLowerCase(Locale.ROOT).equals(key))
                .findFirst();
    }

    private static String normalise(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
