package io.leadpulse.notification.inbox;

import java.time.Instant;
import java.util.UUID;

/** Something one person should know, with whether they have read it. */
public record Notification(
        UUID id,
        UUID orgId,
        UUID userId,
        String type,
        String title,
        String body,
        String subjectId,
        Instant createdAt,
        Instant readAt) {}
