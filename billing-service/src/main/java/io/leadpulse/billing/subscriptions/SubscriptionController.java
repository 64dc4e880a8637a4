package io.leadpulse.billing.subscriptions;

import io.leadpulse.billing.directory.Directory;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SubscriptionController {

    private final Subscriptions subscriptions;
    private final Directory directory;

    SubscriptionController(Subscriptions subscriptions, Directory directory) {
        this.subscriptions = subscriptions;
        this.directory = directory;
    }

    /** The caller's organisation's plan; the first call for an organisation billing never saw starts its trial. */
    @GetMapping("/api/billing/subscription")
    Map<String, Object> subscription(CurrentUser user) {
        directory.rememberOrg(user.orgId());
        Subscription s = subscriptions.current(user.orgId()).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", s.plan());
        body.put("status", s.status());
        body.put("leadLimit", s.leadLimit());
        body.put("trialEndsAt", s.trialEndsAt());
        body.put("interval", s.billingInterval());
        body.put("currentPeriodEnd", s.currentPeriodEnd());
        body.put("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
        body.put("effectiveAt", s.effectiveAt());
        if (user.isAdmin()) {
            body.put("mrr", s.mrrMinor());
            body.put("currency", s.currency());
            body.put("stripeSubscriptionId", s.stripeSubscriptionId());
        }
        return body;
    }
}
