package io.leadpulse.enrichment.integrations.sync;

import io.leadpulse.enrichment.integrations.DataType;
import java.time.Instant;
import java.util.UUID;

/**
 * One (connection, data type)'s sync as stored.
 *
 * @param status {@code IDLE} (waits for {@code nextRunAt}), {@code RUNNING} (claimed, or mid-run
 *     between claims), {@code RETRYING} (the last try failed; due at {@code nextRunAt}), {@code FAILED}
 *     (unusable answers {@code max-invalid-answers} times in a row; waits for its next schedule),
 *     {@code STOPPED} (the connection needs re-authorisation or was disconnected)
 * @param mode {@code INCREMENTAL} (from {@code cursor}) or {@code RECONCILE} (a full walk from
 *     {@code reconcileCursor}, emitting only what changed)
 */
public record SyncState(
        UUID connectionId,
        DataType dataType,
        UUID orgId,
        String status,
        String mode,
        String cursor,
        String reconcileCursor,
        long pages,
        long records,
        int runPages,
        int runRecords,
        int errors,
        int invalidAnswers,
        String lastError,
        Instant lastPageAt,
        Instant runStartedAt,
        Instant lastCompletedAt,
        Instant lastReconciledAt,
        Instant nextRunAt) {

    public boolean reconciling() {
        return "RECONCILE".equals(mode);
    }
}
