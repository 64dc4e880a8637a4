package io.leadpulse.billing.revenue;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Revenue endpoints, for ADMINs; platform-wide ones only for the operator organisation's (else 404). */
@RestController
class RevenueController {

    private static final int MAX_DAYS = 366;

    private final Revenue revenue;
    private final java.time.Clock clock;

    RevenueController(Revenue revenue, java.time.Clock clock) {
        this.revenue = revenue;
        this.clock = clock;
    }

    @GetMapping("/api/billing/revenue")
    Map<String, Object> revenue(
            CurrentUser user, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        requireAdmin(user);
        Period period = period(from, to);
        List<RevenueRepository.DayRevenue> days = revenue.byDay(user.orgId(), period.from(), period.to());
        Map<String, Object> byType = new LinkedHashMap<>();
        byType.put(
                "payment",
                days.stream().mapToLong(RevenueRepository.DayRevenue::payments).sum());
        byType.put(
                "refund",
                days.stream().mapToLong(RevenueRepository.DayRevenue::refunds).sum());
        byType.put(
                "failure",
                days.stream().mapToLong(RevenueRepository.DayRevenue::failures).sum());
        byType.put("net", (long) byType.get("payment") - (long) byType.get("refund"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", period.from());
        body.put("to", period.to());
        body.put("byType", byType);
        body.put(
                "byDay",
                days.stream()
                        .map(d -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("day", d.day());
                            row.put("currency", d.currency());
                            row.put("payments", d.payments());
                            row.put("refunds", d.refunds());
                            row.put("failures", d.failures());
                            row.put("net", d.payments() - d.refunds());
                            return row;
                        })
                        .toList());
        return body;
    }

    @GetMapping("/api/billing/commissions")
    Map<String, Object> commissions(
            CurrentUser user, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        requireAdmin(user);
        Period period = period(from, to);
        return Map.of(
                "from",
                period.from(),
                "to",
                period.to(),
                "reps",
                revenue.commissions(user.orgId(), period.from(), period.to()));
    }

    @GetMapping("/api/billing/mrr")
    Revenue.MrrReport mrr(
            CurrentUser user, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        requireOperator(user);
        Period period = period(from, to);
        return revenue.mrr(period.from(), period.to());
    }

    @GetMapping("/api/billing/churn-risk")
    Map<String, Object> churnRisk(CurrentUser user) {
        requireOperator(user);
        return Map.of("clients", revenue.churnRisk());
    }

    private void requireAdmin(CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiProblem.forbidden("Revenue is for admins.");
        }
    }

    private void requireOperator(CurrentUser user) {
        if (!user.isAdmin() || !revenue.isOperator(user.orgId())) {
            throw ApiProblem.notFound("This resource");
        }
    }

    record Period(LocalDate from, LocalDate to) {}

    /** Days, inclusive; default the last 30 days. */
    private Period period(String from, String to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate end = parse("to", to, today);
        LocalDate start = parse("from", from, end.minusDays(29));
        if (start.isAfter(end)) {
            throw ApiProblem.invalidField("from", "must not be after to");
        }
        if (start.plusDays(MAX_DAYS).isBefore(end)) {
            throw ApiProblem.invalidField("from", "the period is at most " + MAX_DAYS + " days");
        }
        return new Period(start, end);
    }

    private static LocalDate parse(String field, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField(field, "must be a date (YYYY-MM-DD)");
        }
    }
}
