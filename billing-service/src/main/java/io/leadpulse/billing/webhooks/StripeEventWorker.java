package io.leadpulse.billing.webhooks;

import io.leadpulse.billing.BillingProperties;
import io.leadpulse.platform.eventing.outbox.TraceContinuation;
import io.leadpulse.platform.eventing.worker.Drainer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes stored Stripe events, a round of due events per transaction (one per transaction
 * after a failure): each row is claimed with {@code FOR UPDATE SKIP LOCKED} (several instances
 * share the work), the handler's effects, its outbox rows and the row's new status commit
 * together, so a crash mid-way leaves the event {@code received} and it is processed again.
 * Woken by each ingest for low latency, and on a fixed delay for retries and for events another
 * instance stored.
 */
@Component
public class StripeEventWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StripeEventWorker.class);

    private final StripeEventRepository events;
    private final StripeEventProcessor processor;
    private final TransactionTemplate transactions;
    private final BillingProperties.Webhooks settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Drainer drainer = new Drainer("stripe-event-worker", this::drain);
    private final AtomicLong backlog = new AtomicLong();

    private final TraceContinuation traces;

    StripeEventWorker(
            StripeEventRepository events,
            StripeEventProcessor processor,
            TransactionTemplate transactions,
            BillingProperties properties,
            Clock clock,
            MeterRegistry meters,
            TraceContinuation traces) {
        this.traces = traces;
        this.events = events;
        this.processor = processor;
        this.transactions = transactions;
        this.settings = properties.webhooks();
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("billing.stripe.events.backlog", backlog, AtomicLong::get)
                .description("Stored Stripe events waiting to be processed")
                .register(meters);
    }

    /** Asks for a drain soon; cheap and safe to call from any thread, any number of times. */
    public void wake() {
        drainer.wake();
    }

    @Scheduled(
            fixedDelayString = "${billing.webhooks.poll-interval:250ms}",
            initialDelayString = "${billing.webhooks.poll-interval:250ms}")
    void poll() {
        backlog.set(events.countByStatus("received"));
        wake();
    }

    private void drain() {
        while (processRound() > 0) {
            // until nothing is due
        }
    }

    /**
     * Processes up to {@code batch-size} due events, oldest first, in ONE transaction, so the commit
     * and the round trips around it are shared when events arrive faster than they are processed
     * (ADR 0030). When an event's handler fails, the round rolls back whole and its events are
     * processed again one per transaction ({@link #processOne}), where a failure is retried with
     * backoff. Answers how many events it took.
     */
    int processRound() {
        Instant now = clock.instant();
        List<Runnable> reports = new ArrayList<>();
        Integer taken;
        try {
            taken = transactions.execute(tx -> {
                List<StripeEventRepository.StoredEvent> due = events.claimDue(now, settings.batchSize());
                for (StripeEventRepository.StoredEvent event : due) {
                    boolean lastAttempt = event.attempts() + 1 >= settings.maxAttempts();
                    reports.add(record(event, process(event, lastAttempt), lastAttempt, now));
                }
                return due.size();
            });
        } catch (RuntimeException roundFailure) {
            log.warn("stripe event round failed, processing its events one by one: cause={}", roundFailure.toString());
            int processed = 0;
            while (processed < settings.batchSize() && processOne()) {
                processed++;
            }
            return processed;
        }
        reports.forEach(Runnable::run);
        return taken == null ? 0 : taken;
    }

    /** Processes the oldest due event in its own transaction; false when none is due. */
    boolean processOne() {
        Instant now = clock.instant();
        Failure[] failure = new Failure[1];
        Runnable[] report = new Runnable[1];
        Boolean found = transactions.execute(tx -> {
            Optional<StripeEventRepository.StoredEvent> claimed = events.claimNext(now);
            if (claimed.isEmpty()) {
                return false;
            }
            StripeEventRepository.StoredEvent event = claimed.get();
            boolean lastAttempt = event.attempts() + 1 >= settings.maxAttempts();
            try {
                report[0] = record(event, process(event, lastAttempt), lastAttempt, now);
            } catch (RuntimeException e) {
                tx.setRollbackOnly();
                failure[0] = new Failure(event, e);
            }
            return true;
        });
        if (failure[0] != null) {
            recordFailure(failure[0], now);
        } else if (report[0] != null) {
            report[0].run();
        }
        return Boolean.TRUE.equals(found);
    }

    private StripeEventHandler.Outcome process(StripeEventRepository.StoredEvent event, boolean lastAttempt) {
        // In the trace of the request that delivered it: what this publishes carries that trace id on.
        return traces.continueTrace(
                event.traceparent(), "stripe.event.process", () -> processor.process(event, lastAttempt));
    }

    /** Writes the event's new status; answers the metric and log line to emit once that commits. */
    private Runnable record(
            StripeEventRepository.StoredEvent event, StripeEventHandler.Outcome outcome, boolean last, Instant now) {
        StripeEventHandler.Status status = outcome.status();
        if (status == StripeEventHandler.Status.DEFERRED) {
            if (!last) {
                events.retryLater(event.id(), "deferred: " + outcome.detail(), now.plus(backoff(event.attempts())));
                return () -> {
                    log.info(
                            "stripe event deferred: id={} type={} attempt={} reason={}",
                            event.id(),
                            event.type(),
                            event.attempts() + 1,
                            outcome.detail());
                    count(event.type(), "deferred");
                };
            }
            status = outcome.orgId() == null ? StripeEventHandler.Status.UNMATCHED : StripeEventHandler.Status.IGNORED;
        }
        events.finish(event.id(), status.column(), outcome.orgId(), outcome.detail(), now);
        StripeEventHandler.Status finished = status;
        return () -> {
            count(event.type(), finished.column());
            if (finished == StripeEventHandler.Status.UNMATCHED) {
                log.warn("stripe event unmatched: id={} type={} reason={}", event.id(), event.type(), outcome.detail());
            } else {
                log.info(
                        "stripe event {}: id={} type={} org={} {}",
                        finished.column(),
                        event.id(),
                        event.type(),
                        outcome.orgId(),
                        outcome.detail());
            }
        };
    }

    private void recordFailure(Failure failure, Instant now) {
        StripeEventRepository.StoredEvent event = failure.event();
        String error = failure.error().getClass().getSimpleName() + ": "
                + failure.error().getMessage();
        transactions.executeWithoutResult(tx -> {
            if (event.attempts() + 1 >= settings.maxAttempts()) {
                events.finish(event.id(), "failed", null, error, now);
            } else {
                events.retryLater(event.id(), error, now.plus(backoff(event.attempts())));
            }
        });
        count(event.type(), "error");
        log.warn(
                "stripe event processing failed: id={} type={} attempt={} error={}",
                event.id(),
                event.type(),
                event.attempts() + 1,
                error);
    }

    private Duration backoff(int attemptsSoFar) {
        Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(attemptsSoFar, 20));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private void count(String type, String result) {
        meters.counter("billing.stripe.events.processed", "type", type, "result", result)
                .increment();
    }

    @Override
    public void destroy() {
        drainer.close();
    }

    private record Failure(StripeEventRepository.StoredEvent event, RuntimeException error) {}
}
