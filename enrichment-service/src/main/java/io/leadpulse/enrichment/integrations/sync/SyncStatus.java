package io.leadpulse.enrichment.integrations.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** What a connection's syncs are doing, for the API. */
@Service
public class SyncStatus {

    private final SyncStateRepository states;
    private final Clock clock;

    SyncStatus(SyncStateRepository states, Clock clock) {
        this.states = states;
        this.clock = clock;
    }

    /**
     * One data type's sync.
     *
     * @param runPages / runRecords pages and records of the current (or last) run: its progress
     * @param pages / records totals since the connection was made
     * @param cursorAgeSeconds seconds since the cursor last advanced (null before the first page)
     */
    public record View(
            String dataType,
            String status,
            String mode,
            int runPages,
            int runRecords,
            long pages,
            long records,
            Instant runStartedAt,
            Instant lastPageAt,
            Long cursorAgeSeconds,
            Instant lastCompletedAt,
            Instant lastReconciledAt,
            Instant nextRunAt,
            int errors,
            String lastError) {}

    public List<View> of(UUID connectionId) {
        Instant now = clock.instant();
        return states.ofConnection(connectionId).stream()
                .map(s -> new View(
                        s.dataType().name(),
                        s.status(),
                        s.mode(),
                        s.runPages(),
                        s.runRecords(),
                        s.pages(),
                        s.records(),
                        s.runStartedAt(),
                        s.lastPageAt(),
                        s.lastPageAt() == null
                                ? null
                                : Math.max(
                                        0, Duration.between(s.lastPageAt(), now).toSeconds()),
                        s.lastCompletedAt(),
                        s.lastReconciledAt(),
                        s.nextRunAt(),
                        s.errors(),
                        s.lastError()))
                .toList();
    }
}
