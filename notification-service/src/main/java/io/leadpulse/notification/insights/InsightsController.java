package io.leadpulse.notification.insights;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The weekly figures the email shows, for the web console: the caller's own org, admins only. */
@RestController
@RequestMapping("/api/insights")
class InsightsController {

    private final WeeklyReports reports;

    InsightsController(WeeklyReports reports) {
        this.reports = reports;
    }

    @GetMapping("/weekly")
    WeeklyInsights weekly(CurrentUser user, @RequestParam(required = false) String week) {
        if (!user.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin sees the organisation's weekly insights.");
        }
        IsoWeek which = week == null
                ? reports.lastCompleteWeek(reports.profile(user.orgId()))
                : IsoWeek.parse(week)
                        .orElseThrow(() -> ApiProblem.invalidField("week", "must be an ISO week such as 2026-W47"));
        return reports.figures(user.orgId(), which);
    }
}
