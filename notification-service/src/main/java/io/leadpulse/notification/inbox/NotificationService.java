package io.leadpulse.notification.inbox;

import io.leadpulse.notification.directory.Directory;
import io.leadpulse.notification.email.Emails;
import io.leadpulse.notification.preferences.Preference;
import io.leadpulse.notification.preferences.Preferences;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.RealtimeMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores notifications and pushes each new, collapsed or read one, with the person's new unread
 * count, to their channel {@code private-user-{id}} through the outbox: in the same transaction.
 */
@Service
public class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    private final NotificationRepository notifications;
    private final Directory directory;
    private final Preferences preferences;
    private final Outbox outbox;
    private final Emails emails;
    private final Clock clock;
    private final MeterRegistry meters;

    NotificationService(
            NotificationRepository notifications,
            Directory directory,
            Preferences preferences,
            Outbox outbox,
            Emails emails,
            Clock clock,
            MeterRegistry meters) {
        this.notifications = notifications;
        this.directory = directory;
        this.preferences = preferences;
        this.outbox = outbox;
        this.emails = emails;
        this.clock = clock;
        this.meters = meters;
    }

    public record Page(List<Notification> items, long unreadCount, String nextCursor) {}

    /**
     * Tells one person, unless they are known to be inactive or in another org: in the app unless
     * they turned this type off there, and by email (queued here, sent after commit by a worker) when
     * they turned email on and we know their address. Collapsed repeats are not emailed. Must run in the consumer's transaction, beside the applied event's record.
     *
     * @return whether a notification was created or collapsed into
     */
    @Transactional
    public boolean notify(NewNotification n) {
        if (n.userId() == null || !directory.mayNotify(n.userId(), n.orgId())) {
            count(n.type(), "not_allowed");
            return false;
        }
        Preference preference = preferences.of(n.orgId(), n.userId(), n.type());
        if (preference.email() && n.collapse() == null) {
            directory
                    .user(n.userId())
                    .filter(u -> u.email() != null && !u.email().isBlank())
                    .ifPresent(u ->
                            emails.enqueue(n.orgId(), n.userId(), u.email(), n.title(), n.body(), n.sourceEventId()));
        }
        if (!preference.inApp()) {
            count(n.type(), "muted");
            return false;
        }
        notifications.lockPerson(n.userId());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (n.collapse() != null) {
            Optional<Notification> open = notifications.collapsible(
                    n.orgId(),
                    n.userId(),
                    n.collapse().key(),
                    now.minus(n.collapse().window()));
            if (open.isPresent()) {
                Notification bumped = notifications.bump(
                        open.get().id(),
                        n.collapse().titleForCount().apply(open.get().count() + 1),
                        now);
                push(bumped, "notification.updated");
                count(n.type(), "collapsed");
                log.info(
                        "notification collapsed: type={} id={} count={} user={} org={}",
                        n.type(),
                        bumped.id(),
                        bumped.count(),
                        n.userId(),
                        n.orgId());
                return true;
            }
        }
        String title =
                n.collapse() == null ? n.title() : n.collapse().titleForCount().apply(1);
        Notification notification = new Notification(
                UUID.randomUUID(), n.orgId(), n.userId(), n.type(), title, n.body(), n.subjectId(), 1, now, now, null);
        if (!notifications.insert(
                notification,
                n.sourceEventId(),
                n.collapse() == null ? null : n.collapse().key())) {
            count(n.type(), "duplicate");
            return false;
        }
        push(notification, "notification.created");
        count(n.type(), "created");
        log.info(
                "notification created: type={} id={} user={} org={}",
                n.type(),
                notification.id(),
                n.userId(),
                n.orgId());
        return true;
    }

    @Transactional(readOnly = true)
    public Page page(UUID orgId, UUID userId, boolean unreadOnly, Cursor after, int limit) {
        List<Notification> items = notifications.page(orgId, userId, unreadOnly, after, limit + 1);
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            Notification last = items.getLast();
            next = new Cursor(last.createdAt(), last.id()).encode();
        }
        return new Page(items, notifications.unreadCount(orgId, userId), next);
    }

    @Transactional(readOnly = true)
    public long unreadCount(UUID orgId, UUID userId) {
        return notifications.unreadCount(orgId, userId);
    }

    /** Marks one read; empty when it is not this person's (in this org). Reading twice changes nothing. */
    @Transactional
    public Optional<Notification> markRead(UUID orgId, UUID userId, UUID id) {
        notifications.lockPerson(userId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        boolean changed = notifications.markRead(orgId, userId, id, now);
        Optional<Notification> found = notifications.find(orgId, userId, id);
        if (changed) {
            push(found.orElseThrow(), "notification.read");
        }
        return found;
    }

    /** Marks all of this person's notifications read; returns how many changed. */
    @Transactional
    public int markAllRead(UUID orgId, UUID userId) {
        notifications.lockPerson(userId);
        int changed = notifications.markAllRead(orgId, userId, clock.instant().truncatedTo(ChronoUnit.MICROS));
        if (changed > 0) {
            outbox.publish(RealtimeMessage.of(
                    orgId,
                    List.of(RealtimeMessage.Channels.user(userId)),
                    "notification.all_read",
                    Map.of("unreadCount", notifications.unreadCount(orgId, userId))));
        }
        return changed;
    }

    private void push(Notification notification, String event) {
        long unread = notifications.unreadCount(notification.orgId(), notification.userId());
        outbox.publish(RealtimeMessage.of(
                notification.orgId(),
                List.of(RealtimeMessage.Channels.user(notification.userId())),
                event,
                Map.of("notification", notification, "unreadCount", unread)));
    }

    private void count(String type, String outcome) {
        meters.counter("notification.deliveries", "type", type, "outcome", outcome)
                .increment();
    }
}
