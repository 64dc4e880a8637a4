package io.leadpulse.billing.admin;

import io.leadpulse.billing.revenue.Revenue;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Platform metrics for the operator organisation's ADMINs; 404 for everyone else. */
@RestController
class AdminMetricsController {

    private final AdminMetrics metrics;
    private final Revenue revenue;

    AdminMetricsController(AdminMetrics metrics, Revenue revenue) {
        this.metrics = metrics;
        this.revenue = revenue;
    }

    @GetMapping("/api/admin/metrics")
    Map<String, Object> metrics(CurrentUser user) {
        if (!user.isAdmin() || !revenue.isOperator(user.orgId())) {
            throw ApiProblem.notFound("This resource");
        }
        return metrics.snapshot();
    }
}
