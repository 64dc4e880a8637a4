package io.leadpulse.enrichment.jobs;

import io.leadpulse.enrichment.providers.Place;
import java.time.Instant;
import java.util.UUID;

/**
 * One lead's enrichment: the durable work and what it found. {@code geoStatus} and
 * {@code firstLineStatus} are {@code PENDING}, {@code DONE} or {@code SKIPPED} (with {@code geoNote}
 * saying why); {@code status} is {@code PENDING} until both are settled, then {@code DONE}
 * ({@code CANCELLED} when the lead was deleted first).
 */
public record EnrichmentJob(
        UUID leadId,
        UUID orgId,
        int generation,
        String status,
        String geoStatus,
        String firstLineStatus,
        int attempts,
        int invalidAnswers,
        Instant requestedAt,
        Instant nextAttemptAt,
        Instant completedAt,
        String lastError,
        Place place,
        String geoNote,
        Instant enrichedAt,
        String firstLine,
        String firstLineSource,
        Instant personalizedAt) {

    static final String PENDING = "PENDING";

    boolean geoPending() {
        return PENDING.equals(geoStatus);
    }

    boolean firstLinePending() {
        return PENDING.equals(firstLineStatus);
    }
}
