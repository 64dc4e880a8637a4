package io.leadpulse.lead.leads;

/** A lead that cannot be stored as asked, naming the field at fault. */
public class LeadRejected extends RuntimeException {

    /** Why: the caller sent something invalid, or it clashes with a lead that exists. */
    public enum Reason {
        INVALID,
        DUPLICATE,
        /** The plan's lead quota is used up. */
        QUOTA_EXCEEDED
    }

    private final Reason reason;
    private final String field;

    LeadRejected(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
