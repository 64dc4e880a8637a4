package io.leadpulse.billing.revenue;

import io.leadpulse.billing.BillingProperties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Revenue figures. Platform-wide (the operator's view): MRR and ARR of all subscriptions, daily MRR
 * movements, a 3-month projection, clients at risk of churning. Per organisation: what its leads
 * paid by day and type (from the ledger) and its reps' commissions.
 */
@Service
public class Revenue {

    private final RevenueRepository repository;
    private final BillingProperties.Revenue settings;
    private final Clock clock;

    Revenue(RevenueRepository repository, BillingProperties properties, Clock clock) {
        this.repository = repository;
        this.settings = properties.revenue();
        this.clock = clock;
    }

    /** Only the operator organisation's ADMINs see platform-wide figures. */
    public boolean isOperator(UUID orgId) {
        return settings.operatorOrgId() != null && settings.operatorOrgId().equals(orgId);
    }

    public record MrrReport(
            long mrr,
            long arr,
            long activeSubscriptions,
            List<RevenueRepository.Movement> movements,
            Map<String, Long> movementTotals,
            List<Map<String, Object>> projection) {}

    public MrrReport mrr(LocalDate from, LocalDate to) {
        RevenueRepository.MrrTotal total = repository.mrr();
        List<RevenueRepository.Movement> movements = repository.movements(start(from), start(to.plusDays(1)));
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String kind : List.of("new", "expansion", "reactivation", "contraction", "churn")) {
            totals.put(
                    kind,
                    movements.stream()
                            .filter(m -> m.kind().equals(kind))
                            .mapToLong(RevenueRepository.Movement::amount)
                            .sum());
        }
        totals.put("net", totals.values().stream().mapToLong(Long::longValue).sum());
        return new MrrReport(
                total.mrr(), total.mrr() * 12, total.subscriptions(), movements, totals, projection(total.mrr()));
    }

    /**
     * The next 3 months: today's MRR plus, each month, the average monthly net MRR movement of the
     * last {@code projection-window} (never below zero).
     */
    List<Map<String, Object>> projection(long mrr) {
        Instant now = clock.instant();
        Duration window = settings.projectionWindow();
        long net = repository.netMovement(now.minus(window), now);
        BigDecimal perMonth = BigDecimal.valueOf(net)
                .multiply(BigDecimal.valueOf(30))
                .divide(BigDecimal.valueOf(Math.max(1, window.toDays())), 0, RoundingMode.HALF_UP);
        List<Map<String, Object>> months = new ArrayList<>();
        LocalDate month = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
        for (int i = 1; i <= 3; i++) {
            long projected = Math.max(0, mrr + perMonth.longValue() * i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", month.plusMonths(i).toString().substring(0, 7));
            row.put("mrr", projected);
            months.add(row);
        }
        return months;
    }

    public List<RevenueRepository.DayRevenue> byDay(UUID orgId, LocalDate from, LocalDate to) {
        return repository.revenueByDay(orgId, start(from), start(to.plusDays(1)));
    }

    public record RepCommission(UUID repId, long leads, long paid, long refunded, long net, long commission) {}

    public List<RepCommission> commissions(UUID orgId, LocalDate from, LocalDate to) {
        return repository.commissions(orgId, start(from), start(to.plusDays(1))).stream()
                .map(c -> {
                    long net = c.paid() - c.refunded();
                    long commission = BigDecimal.valueOf(net)
                            .multiply(settings.commissionRate())
                            .setScale(0, RoundingMode.HALF_UP)
                            .longValueExact();
                    return new RepCommission(c.repId(), c.leads(), c.paid(), c.refunded(), net, commission);
                })
                .toList();
    }

    public record AtRisk(UUID orgId, String plan, String status, long mrr, List<String> reasons) {}

    public List<AtRisk> churnRisk() {
        return repository.churnRisk(clock.instant().minus(settings.churnWindow())).stream()
                .map(r -> {
                    List<String> reasons = new ArrayList<>();
                    if (r.pastDue()) {
                        reasons.add("past_due");
                    }
                    if (r.failures() > 0) {
                        reasons.add("failed_payments:" + r.failures());
                    }
                    if (r.contracted()) {
                        reasons.add("downgraded");
                    }
                    return new AtRisk(r.orgId(), r.plan(), r.status(), r.mrr(), reasons);
                })
                .toList();
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
