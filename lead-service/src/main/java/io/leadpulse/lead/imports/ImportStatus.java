package io.leadpulse.lead.imports;

/** Where an import job is. ANALYSED and RUNNING are open; the others are final. */
public enum ImportStatus {
    /** Uploaded and checked, waiting for its mapping to be confirmed ({@code start=false}). */
    ANALYSED,
    RUNNING,
    COMPLETED,
    /** The plan's lead limit was reached; {@code leftOut} rows were not imported. */
    STOPPED_AT_QUOTA,
    CANCELLED,
    /** An unexpected error or a restart interrupted it; what was committed before stays. */
    FAILED;

    boolean isFinal() {
        return this != ANALYSED && this != RUNNING;
    }
}
