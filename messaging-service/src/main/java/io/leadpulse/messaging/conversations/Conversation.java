package io.leadpulse.messaging.conversations;

import java.time.Instant;
import java.util.UUID;

/** The thread with one lead on one channel, as the inbox lists it. */
public record Conversation(
        UUID id,
        UUID orgId,
        UUID leadId,
        String channel,
        String leadName,
        String company,
        UUID assigneeId,
        Instant lastMessageAt,
        String lastDirection,
        String lastPreview,
        int unreadCount,
        Instant lastReadAt) {}
