package io.leadpulse.lead.leads;

/** Where a lead stands in the sales pipeline. */
public enum LeadStatus {
    NEW,
    CONTACTED,
    REPLIED,
    HOT,
    WON,
    PAID,
    LOST
}
