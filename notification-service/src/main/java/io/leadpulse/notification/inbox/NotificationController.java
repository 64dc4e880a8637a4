package io.leadpulse.notification.inbox;

import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A person's own notifications; nobody reads anyone else's. */
@RestController
@Validated
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    record Page(List<Notification> items, long unreadCount) {}

    @GetMapping
    Page list(
            CurrentUser user,
            @RequestParam(defaultValue = "false") boolean unreadOnly,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return new Page(
                notifications.recent(user.orgId(), user.id(), unreadOnly, limit),
                notifications.unreadCount(user.orgId(), user.id()));
    }
}
