package io.leadpulse.billing.revenue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The platform's MRR and paying subscriptions as gauges, for the business dashboard
 * ({@code billing_mrr_minor}, {@code billing_subscriptions_paying}). Read from the subscription
 * table at most once per {@link #MAX_AGE} however often Prometheus scrapes, so a scrape costs at
 * most one small aggregate query. Platform-wide only: no organisation label (unbounded).
 */
@Component
class RevenueMetrics {

    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final RevenueRepository repository;
    private final Clock clock;
    private volatile RevenueRepository.MrrTotal last;
    private volatile Instant readAt = Instant.MIN;

    RevenueMetrics(RevenueRepository repository, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.clock = clock;
        Gauge.builder("billing.mrr.minor", this, m -> m.current().mrr())
                .description("Monthly recurring revenue of all active and past_due subscriptions, in minor units")
                .register(meters);
        Gauge.builder("billing.subscriptions.paying", this, m -> m.current().subscriptions())
                .description("Subscriptions that count towards MRR (active or past_due)")
                .register(meters);
    }

    private synchronized RevenueRepository.MrrTotal current() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(readAt.plus(MAX_AGE)) || now.isBefore(readAt)) {
            last = repository.mrr();
            readAt = now;
        }
        return last;
    }
}
