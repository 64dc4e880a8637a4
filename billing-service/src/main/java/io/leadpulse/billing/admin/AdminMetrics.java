package io.leadpulse.billing.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The operator's dashboard figures, read live from billing's tables (fresh as soon as the
 * projection has the lead event or the worker has the Stripe event: seconds). Users are not on
 * Kafka: billing counts organisations, and the reps it has seen own leads.
 */
@Service
public class AdminMetrics {

    private static final Duration RECENT = Duration.ofDays(7);

    private final AdminMetricsRepository repository;
    private final Clock clock;

    AdminMetrics(AdminMetricsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> totals = repository.totals();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> orgs = new LinkedHashMap<>();
        orgs.put("total", totals.get("organisations"));
        orgs.put("trial", totals.get("trial"));
        orgs.put("paid", totals.get("paid"));
        orgs.put("expiredTrials", totals.get("expired_trials"));
        body.put("organisations", orgs);
        body.put("repsSeen", totals.get("reps_seen"));
        body.put("leads", totals.get("leads"));
        body.put("conversions", totals.get("conversions"));
        body.put("mrr", totals.get("mrr"));
        body.put("recentActivity", repository.recentActivity(clock.instant().minus(RECENT), 20));
        body.put("generatedAt", clock.instant());
        return body;
    }
}
