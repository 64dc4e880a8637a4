package io.leadpulse.enrichment.integrations.sync;

import io.leadpulse.enrichment.EnrichmentSettings;
import io.leadpulse.enrichment.integrations.Connectors;
import io.leadpulse.enrichment.integrations.DataType;
import io.leadpulse.enrichment.integrations.PlatformConnector;
import io.leadpulse.enrichment.integrations.SyncPage;
import io.leadpulse.enrichment.integrations.connections.Connection;
import io.leadpulse.enrichment.integrations.connections.Connections;
import io.leadpulse.enrichment.providers.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs due syncs (docs/adr/0022): claims {@code sync_state} rows ({@code FOR UPDATE SKIP LOCKED}
 * and a lease, so several instances share them and a dead instance's claim comes due again), then
 * for each fetches pages from its cursor through the connector (whose {@code PoliteHttp} keeps the
 * platform's rate limit and honours {@code Retry-After}) and commits each page with its events and
 * the cursor's advance ({@link SyncPages}). The access token is refreshed before it expires, and
 * once after a 401. What fails leaves the cursor at the last committed page:
 *
 * <ul>
 *   <li>platform unavailable (5xx, timeouts, 429 beyond what a call waits, circuit open):
 *       {@code RETRYING}, due after {@code retry-base}·2^errors (≤ {@code retry-max}) or the
 *       platform's own wait;
 *   <li>unusable answers (garbage JSON, unexpected 4xx): {@code RETRYING} the same way, and after
 *       {@code max-invalid-answers} in a row {@code FAILED} until its next scheduled run;
 *   <li>a revoked refresh token: the connection is {@code NEEDS_REAUTH} and its syncs {@code STOPPED}.
 * </ul>
 */
@Component
public class SyncWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SyncWorker.class);

    private final UUID workerId = UUID.randomUUID();
    private final SyncStateRepository states;
    private final SyncPages pages;
    private final Connections connections;
    private final Connectors connectors;
    private final TransactionTemplate transactions;
    private final EnrichmentSettings.Integrations settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService pool =
            Executors.newFixedThreadPool(2, Thread.ofPlatform().name("sync-", 0).factory());

    SyncWorker(
            SyncStateRepository states,
            SyncPages pages,
            Connections connections,
            Connectors connectors,
            TransactionTemplate transactions,
            EnrichmentSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.states = states;
        this.pages = pages;
        this.connections = connections;
        this.connectors = connectors;
        this.transactions = transactions;
        this.settings = settings.integrations();
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${enrichment.integrations.poll-interval}")
    void poll() {
        try {
            while (runDue() > 0) {
                // claimed something: more may be due (a run that yielded after max-pages-per-run)
            }
        } catch (RuntimeException e) {
            log.warn("sync round failed; the next round retries: {}", e.toString());
        }
    }

    /** Claims up to a few due syncs and runs them; returns how many were claimed. */
    public int runDue() {
        Instant now = clock.instant();
        List<SyncState> claimed =
                transactions.execute(tx -> states.claimDue(workerId, now, now.plus(settings.lease()), 4));
        List<Future<?>> running = new ArrayList<>();
        for (SyncState state : claimed) {
            running.add(pool.submit(() -> run(state)));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claimed.size();
            } catch (Exception e) {
                log.warn("sync crashed: {}", e.toString());
            }
        }
        return claimed.size();
    }

    private void run(SyncState state) {
        DataType type = state.dataType();
        Connection connection;
        try {
            connection = connections.find(state.connectionId());
        } catch (Connections.NotConnected e) {
            return;
        }
        PlatformConnector connector = connectors.find(connection.provider()).orElse(null);
        if (connector == null) {
            fail(state, "RETRYING", "unknown provider " + connection.provider(), false, settings.retryMax());
            return;
        }
        String cursor = state.reconciling() ? state.reconcileCursor() : state.cursor();
        int runPages = state.runPages();
        int runRecords = state.runRecords();
        int fetched = 0;
        try {
            while (true) {
                String token = connections.accessToken(connection.id());
                SyncPage page;
                try {
                    page = connector.fetch(type, token, connection.externalAccount(), cursor);
                } catch (PlatformConnector.AccessTokenRejected e) {
                    // Once: a second 401 with a fresh token is the platform's problem, not the token's age.
                    token = connections.refreshAfterRejection(connection.id(), token);
                    page = connector.fetch(type, token, connection.externalAccount(), cursor);
                }
                runPages++;
                runRecords += page.records().size();
                fetched++;
                Instant at = clock.instant();
                SyncPage committed = page;
                int pagesSoFar = runPages;
                int recordsSoFar = runRecords;
                Integer emitted = transactions.execute(tx -> pages.commit(
                        state,
                        connection,
                        workerId,
                        committed,
                        at,
                        at.plus(settings.lease()),
                        pagesSoFar,
                        recordsSoFar));
                meters.counter("enrichment.sync.pages", "provider", connection.provider(), "type", type.name())
                        .increment();
                meters.counter("enrichment.sync.records", "provider", connection.provider(), "type", type.name())
                        .increment(emitted == null ? 0 : emitted);
                cursor = page.nextCursor();
                if (page.done()) {
                    Instant next = clock.instant().plus(every(type));
                    transactions.executeWithoutResult(tx -> pages.complete(
                            state, connection, workerId, clock.instant(), next, pagesSoFar, recordsSoFar));
                    count(connection, "completed");
                    log.info(
                            "sync finished: org={} connection={} type={} mode={} pages={} records={} next={}",
                            connection.orgId(),
                            connection.id(),
                            type,
                            state.mode(),
                            pagesSoFar,
                            recordsSoFar,
                            next);
                    return;
                }
                if (fetched >= settings.maxPagesPerRun()) {
                    transactions.executeWithoutResult(tx -> states.yieldClaim(state, workerId, clock.instant()));
                    return;
                }
            }
        } catch (Connections.NeedsReauth | Connections.NotConnected e) {
            count(connection, "stopped");
            log.info(
                    "sync stopped: org={} connection={} type={} reason={}",
                    connection.orgId(),
                    connection.id(),
                    type,
                    e.getMessage());
        } catch (SyncPages.LostClaim e) {
            count(connection, "lost_claim");
            log.info("sync claim lost, page rolled back: connection={} type={}", connection.id(), type);
        } catch (ProviderException.Unavailable e) {
            Duration wait = backoff(state.errors());
            if (e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0) {
                wait = e.retryAfter();
            }
            fail(state, "RETRYING", e.getMessage(), false, wait);
            count(connection, e.rateLimited() ? "rate_limited" : "unavailable");
        } catch (ProviderException.InvalidAnswer
                | PlatformConnector.AccessTokenRejected
                | PlatformConnector.GrantRejected e) {
            if (state.invalidAnswers() + 1 >= settings.maxInvalidAnswers()) {
                fail(state, "FAILED", e.getMessage(), true, every(type));
            } else {
                fail(state, "RETRYING", e.getMessage(), true, backoff(state.errors()));
            }
            count(connection, "invalid_answer");
        } catch (RuntimeException e) {
            fail(state, "RETRYING", "error: " + e.getClass().getSimpleName(), false, backoff(state.errors()));
            count(connection, "error");
            log.warn("sync failed: org={} connection={} type={}", connection.orgId(), connection.id(), type, e);
        }
    }

    private void fail(SyncState state, String status, String error, boolean invalid, Duration wait) {
        Instant next = clock.instant().plus(wait);
        transactions.executeWithoutResult(tx -> states.failed(state, workerId, status, error, invalid, next));
        log.info(
                "sync put back: org={} connection={} type={} status={} next={} reason={}",
                state.orgId(),
                state.connectionId(),
                state.dataType(),
                status,
                next,
                error);
    }

    private Duration every(DataType type) {
        return switch (type) {
            case CONTACTS -> settings.contactsEvery();
            case TRANSACTIONS -> settings.transactionsEvery();
        };
    }

    /** {@code retry-base * 2^errors}, at most {@code retry-max}, with up to 20% jitter. */
    Duration backoff(int errors) {
        long base = settings.retryBase().toMillis();
        long wait = Math.min(settings.retryMax().toMillis(), base * (1L << Math.min(errors, 20)));
        return Duration.ofMillis(
                wait + (long) (wait * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    private void count(Connection connection, String outcome) {
        meters.counter("enrichment.sync.runs", "provider", connection.provider(), "outcome", outcome)
                .increment();
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
