package io.leadpulse.lead.leads;

/** The caller changed a lead from a version that is no longer current. */
public class StaleLead extends RuntimeException {

    private final long currentVersion;
    private final boolean fromHeader;

    StaleLead(long expected, long currentVersion, boolean fromHeader) {
        super("the lead changed since version " + expected + "; it is at version " + currentVersion
                + ": reload it and try again");
        this.currentVersion = currentVersion;
        this.fromHeader = fromHeader;
    }

    public long currentVersion() {
        return currentVersion;
    }

    /** Whether the version came as {@code If-Match} (answered 412) rather than in the body (409). */
    public boolean fromHeader() {
        return fromHeader;
    }
}
