package io.leadpulse.lead.leads;

/** A status move {@link LeadStatus#next()} does not allow. */
public class InvalidTransition extends RuntimeException {

    private final LeadStatus from;
    private final LeadStatus to;

    InvalidTransition(LeadStatus from, LeadStatus to) {
        super("a lead cannot move from " + from + " to " + to + "; from " + from + " it may move to " + from.next());
        this.from = from;
        this.to = to;
    }

    public LeadStatus from() {
        return from;
    }

    public LeadStatus to() {
        return to;
    }
}
