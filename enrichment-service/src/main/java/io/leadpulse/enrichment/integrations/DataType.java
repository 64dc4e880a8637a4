package io.leadpulse.enrichment.integrations;

/** What a connection syncs; each has its own cursor, schedule and status ({@code sync_state}). */
public enum DataType {
    CONTACTS,
    TRANSACTIONS
}
