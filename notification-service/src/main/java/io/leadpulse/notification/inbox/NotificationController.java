package io.leadpulse.notification.inbox;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A person's own notifications; nobody reads anyone else's (another person's id is 404). */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    NotificationService.Page list(
            CurrentUser user,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "false") boolean unreadOnly,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Cursor after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = Cursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField("cursor", "is not a cursor this API returned");
            }
        }
        return notifications.page(user.orgId(), user.id(), unreadOnly, after, limit);
    }

    @GetMapping("/unread-count")
    Map<String, Long> unreadCount(CurrentUser user) {
        return Map.of("unreadCount", notifications.unreadCount(user.orgId(), user.id()));
    }

    @PostMapping("/{id}/read")
    Notification markRead(CurrentUser user, @PathVariable UUID id) {
        return notifications
                .markRead(user.orgId(), user.id(), id)
                .orElseThrow(() -> ApiProblem.notFound("notification"));
    }

    @PostMapping("/read-all")
    Map<String, Object> markAllRead(CurrentUser user) {
        int changed = notifications.markAllRead(user.orgId(), user.id());
        return Map.of("marked", changed, "unreadCount", notifications.unreadCount(user.orgId(), user.id()));
    }
}
