package io.leadpulse.notification.inbox;

import java.time.Duration;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A notification a rule wants one person to get. {@code sourceEventId} makes it once per person
 * and event; {@code collapse}, when given, folds repeats into the person's unread notification
 * with the same key created within the window.
 */
public record NewNotification(
        UUID orgId,
        UUID userId,
        String type,
        String title,
        String body,
        String subjectId,
        UUID sourceEventId,
        Collapse collapse) {

    public record Collapse(String key, Duration window, IntFunction<String> titleForCount) {}

    public NewNotification withUser(UUID user) {
        return new NewNotification(orgId, user, type, title, body, subjectId, sourceEventId, collapse);
    }
}
