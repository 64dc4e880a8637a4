package io.leadpulse.notification.inbox;

import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.RealtimeMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores notifications and pushes each one, with the new unread count, to its person's channel. */
@Service
public class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    private final NotificationRepository notifications;
    private final Outbox outbox;

    NotificationService(NotificationRepository notifications, Outbox outbox) {
        this.notifications = notifications;
        this.outbox = outbox;
    }

    /** Must run in the consumer's transaction, beside the record of the applied event. */
    @Transactional
    public void notify(
            UUID orgId, UUID userId, String type, String title, String body, String subjectId, UUID sourceEventId) {
        Notification notification = new Notification(
                UUID.randomUUID(),
                orgId,
                userId,
                type,
                title,
                body,
                subjectId,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                null);
        if (!notifications.insert(notification, sourceEventId)) {
            return;
        }
        long unread = notifications.unreadCount(orgId, userId);
        outbox.publish(RealtimeMessage.of(
                orgId,
                List.of(RealtimeMessage.Channels.user(userId)),
                "notification.created",
                Map.of("notification", notification, "unreadCount", unread)));
        log.info("notification created: type={} user={} org={}", type, userId, orgId);
    }

    @Transactional(readOnly = true)
    public List<Notification> recent(UUID orgId, UUID userId, boolean unreadOnly, int limit) {
        return notifications.recent(orgId, userId, unreadOnly, limit);
    }

    @Transactional(readOnly = true)
    public long unreadCount(UUID orgId, UUID userId) {
        return notifications.unreadCount(orgId, userId);
    }
}
