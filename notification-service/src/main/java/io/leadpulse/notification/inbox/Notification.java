package io.leadpulse.notification.inbox;

import java.time.Instant;
import java.util.UUID;

/** Something one person should know, with whether they have read it; {@code count} repeats folded in. */
public record Notification(
        UUID id,
        UUID orgId,
        UUID userId,
        String type,
        String title,
        String body,
        String subjectId,
        int count,
        Instant createdAt,
        Instant updatedAt,
        Instant readAt) {}
