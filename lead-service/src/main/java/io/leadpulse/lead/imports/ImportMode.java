package io.leadpulse.lead.imports;

/** What an import does with a row whose email or phone a lead of the organisation already has. */
public enum ImportMode {
    /** Such a row fails (it shows in errors.csv); only new leads are created. */
    CREATE_ONLY,
    /** The lead with the row's email is updated; rows with a new email create leads. */
    UPSERT_BY_EMAIL,
    /** The lead with the row's phone is updated; rows with a new phone create leads. */
    UPSERT_BY_PHONE,
    /** Such a row is skipped quietly; only new leads are created. */
    SKIP_DUPLICATES
}
