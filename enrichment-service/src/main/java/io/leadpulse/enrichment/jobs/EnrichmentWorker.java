package io.leadpulse.enrichment.jobs;

import io.leadpulse.enrichment.EnrichmentSettings;
import io.leadpulse.enrichment.leads.Directory;
import io.leadpulse.enrichment.leads.LeadProfile;
import io.leadpulse.enrichment.providers.FirstLine;
import io.leadpulse.enrichment.providers.FirstLineWriter;
import io.leadpulse.enrichment.providers.GeoAnswer;
import io.leadpulse.enrichment.providers.GeoLookup;
import io.leadpulse.enrichment.providers.Place;
import io.leadpulse.enrichment.providers.ProviderException;
import io.leadpulse.enrichment.providers.Providers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works the job table: claims due jobs ({@code FOR UPDATE SKIP LOCKED}, with a lease), calls the
 * providers outside any transaction, and settles each part in its own transaction. A provider that
 * cannot answer puts the job back with a next-attempt time (exponential, or what the provider
 * asked); nothing waits in memory only. Answers the provider keeps getting wrong
 * ({@code max-invalid-answers}), or a provider down past {@code give-up-after}, make the job settle
 * for the offline provider's answer rather than retry for ever.
 */
@Component
public class EnrichmentWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EnrichmentWorker.class);

    private final UUID workerId = UUID.randomUUID();
    private final EnrichmentJobRepository jobs;
    private final EnrichmentJobs settle;
    private final Directory directory;
    private final Providers providers;
    private final TransactionTemplate transactions;
    private final EnrichmentSettings.Worker settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService pool;
    /**
     * While a provider's circuit is open, claiming jobs only to put them back is wasted work: the
     * worker rests until the circuit may close. A hint only; the jobs keep their own times.
     */
    private final AtomicReference<Instant> restUntil = new AtomicReference<>(Instant.MIN);

    EnrichmentWorker(
            EnrichmentJobRepository jobs,
            EnrichmentJobs settle,
            Directory directory,
            Providers providers,
            TransactionTemplate transactions,
            EnrichmentSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.jobs = jobs;
        this.settle = settle;
        this.directory = directory;
        this.providers = providers;
        this.transactions = transactions;
        this.settings = settings.worker();
        this.clock = clock;
        this.meters = meters;
        this.pool = Executors.newFixedThreadPool(
                this.settings.threads(),
                Thread.ofPlatform().name("enrichment-", 0).factory());
        Gauge.builder("enrichment.jobs.pending", jobs, EnrichmentJobRepository::countPending)
                .description("Enrichment jobs waiting (due or not)")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${enrichment.worker.poll-interval}")
    void poll() {
        try {
            while (runDue() == settings.batchSize()) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            log.warn("enrichment round failed; the next round retries: {}", e.toString());
        }
    }

    /** One round: claims up to a batch of due jobs and works them; returns how many were claimed. */
    public int runDue() {
        Instant now = clock.instant();
        if (now.isBefore(restUntil.get())) {
            return 0;
        }
        List<EnrichmentJob> claimed = transactions.execute(
                tx -> jobs.claimDue(workerId, now, now.plus(settings.lease()), settings.batchSize()));
        List<Future<?>> running = new ArrayList<>();
        for (EnrichmentJob job : claimed) {
            running.add(pool.submit(() -> work(job)));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claimed.size();
            } catch (Exception e) {
                log.warn("enrichment job crashed: {}", e.toString());
            }
        }
        return claimed.size();
    }

    private void work(EnrichmentJob job) {
        Optional<LeadProfile> found = directory.find(job.leadId());
        if (found.isEmpty() || found.get().deleted()) {
            transactions.executeWithoutResult(tx -> jobs.cancel(job.orgId(), job.leadId(), clock.instant()));
            log.info("enrichment cancelled, lead gone: org={} lead={}", job.orgId(), job.leadId());
            return;
        }
        LeadProfile lead = found.get();
        boolean fallback = job.invalidAnswers() >= settings.maxInvalidAnswers()
                || !clock.instant().isBefore(job.requestedAt().plus(settings.giveUpAfter()));
        try {
            Place place = job.place();
            if (job.geoPending()) {
                GeoLookup geo = fallback ? providers.offlineGeo() : providers.geo();
                GeoAnswer answer = geo.locate(lead.facts());
                place = answer.place();
                boolean settled = Boolean.TRUE.equals(transactions.execute(tx -> settle.settleGeo(job, lead, answer)));
                if (!settled) {
                    return; // the job moved on (new inputs, deleted, or done by another worker)
                }
            }
            if (job.firstLinePending()) {
                FirstLineWriter writer = fallback ? providers.offlineFirstLine() : providers.firstLine();
                FirstLine line = writer.write(lead.facts(), place);
                transactions.executeWithoutResult(tx -> {
                    settle.settleFirstLine(job, lead, line);
                    settle.finishIfSettled(job);
                });
            } else {
                transactions.executeWithoutResult(tx -> settle.finishIfSettled(job));
            }
            count(fallback ? "fallback" : "enriched");
        } catch (ProviderException.Unavailable e) {
            if (e.circuitOpen() && e.retryAfter() != null) {
                Instant until = clock.instant().plus(e.retryAfter());
                restUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
            }
            putBack(job, e.retryAfter(), false, e.getMessage());
            count(e.rateLimited() ? "rate_limited" : "provider_unavailable");
        } catch (ProviderException.InvalidAnswer e) {
            putBack(job, null, true, e.getMessage());
            count("invalid_answer");
        } catch (RuntimeException e) {
            putBack(job, null, false, "error: " + e.getClass().getSimpleName());
            log.warn("enrichment job failed: org={} lead={}", job.orgId(), job.leadId(), e);
            count("error");
        }
    }

    private void putBack(EnrichmentJob job, Duration asked, boolean invalid, String error) {
        Duration wait = backoff(job.attempts());
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = asked;
        }
        Instant next = clock.instant().plus(wait);
        transactions.executeWithoutResult(tx -> jobs.release(job, workerId, next, invalid, error));
        log.info(
                "enrichment put back: org={} lead={} attempt={} next={} reason={}",
                job.orgId(),
                job.leadId(),
                job.attempts() + 1,
                next,
                error);
    }

    /** {@code retry-base * 2^attempts}, at most {@code retry-max}, with up to 20% jitter so a queue wakes gradually. */
    Duration backoff(int attempts) {
        long base = settings.retryBase().toMillis();
        long max = settings.retryMax().toMillis();
        long wait = Math.min(max, base * (1L << Math.min(attempts, 20)));
        long jitter = (long) (wait * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(wait + jitter);
    }

    private void count(String outcome) {
        meters.counter("enrichment.jobs.worked", "outcome", outcome).increment();
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
