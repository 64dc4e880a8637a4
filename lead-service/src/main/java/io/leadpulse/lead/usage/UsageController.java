package io.leadpulse.lead.usage;

import io.leadpulse.platform.web.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's organisation's leads against its plan's quota; any member may look. */
@RestController
class UsageController {

    private final Quota quota;

    UsageController(Quota quota) {
        this.quota = quota;
    }

    @GetMapping("/api/usage")
    Usage usage(CurrentUser user) {
        return quota.usage(user.orgId());
    }
}
