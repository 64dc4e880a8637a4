package io.leadpulse.enrichment.integrations;

import java.util.List;

/**
 * One page of a platform's list.
 *
 * @param nextCursor where the next page starts; committed with this page's events, so a crash
 *     resumes after the last committed page. Opaque to the sync engine: the connector's own format.
 * @param done the list ends here; {@code nextCursor} is then where the next run's new records start
 */
public record SyncPage(List<SyncedRecord> records, String nextCursor, boolean done) {}
