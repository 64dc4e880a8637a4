package io.leadpulse.notification.inbox;

import io.leadpulse.notification.directory.Directory;
import io.leadpulse.notification.directory.DirectoryUser;
import io.leadpulse.notification.email.Emails;
import io.leadpulse.notification.preferences.Preference;
import io.leadpulse.notification.preferences.Preferences;
import io.leadpulse.notification.sms.Sms;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.RealtimeMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final Sms sms;
    private final Clock clock;
    private final MeterRegistry meters;

    NotificationService(
            NotificationRepository notifications,
            Directory directory,
            Preferences preferences,
            Outbox outbox,
            Emails emails,
            Sms sms,
            Clock clock,
            MeterRegistry meters) {
        this.notifications = notifications;
        this.directory = directory;
        this.preferences = preferences;
        this.outbox = outbox;
        this.emails = emails;
        this.sms = sms;
        this.clock = clock;
        this.meters = meters;
    }

    public record Page(List<Notification> items, long unreadCount, String nextCursor) {}

    /** Notifications asked for on this thread inside {@link #collecting}, written when it ends. */
    private final ThreadLocal<List<NewNotification>> collected = new ThreadLocal<>();

    /**
     * Tells one person, unless they are known to be inactive or in another org: in the app unless
     * they turned this type off there, and by email (queued here, sent after commit by a worker) when
     * they turned email on and we know their address, and by SMS (queued likewise) when they turned
     * SMS on and gave their own consent to a number we know. Collapsed repeats are neither emailed
     * nor texted. Must run in
     * the caller's transaction (the consumer's, beside the applied event's record). Inside
     * {@link #collecting} it is only noted, and written with the others when the work ends.
     */
    @Transactional
    public void notify(NewNotification n) {
        List<NewNotification> batch = collected.get();
        if (batch != null) {
            batch.add(n);
        } else {
            deliver(List.of(n));
        }
    }

    /**
     * Runs {@code work} (rules of a whole Kafka poll, a round of reminders) and then writes every
     * notification it asked for together, in the caller's transaction: one directory, preference,
     * lock, unread-count and insert statement for all of them instead of one of each per
     * notification. Nested calls join the outermost.
     */
    @Transactional
    public void collecting(Runnable work) {
        if (collected.get() != null) {
            work.run();
            return;
        }
        List<NewNotification> batch = new ArrayList<>();
        collected.set(batch);
        try {
            work.run();
        } finally {
            collected.remove();
        }
        deliver(batch);
    }

    private void deliver(List<NewNotification> requested) {
        Set<UUID> people = new LinkedHashSet<>();
        for (NewNotification n : requested) {
            if (n.userId() != null) {
                people.add(n.userId());
            }
        }
        Map<UUID, DirectoryUser> known = directory.users(people);
        Preferences.Choices choices = preferences.ofPeople(people);
        List<NewNotification> inApp = new ArrayList<>(requested.size());
        for (NewNotification n : requested) {
            DirectoryUser user = n.userId() == null ? null : known.get(n.userId());
            // A person not heard of yet may be told (ADR 0014); a known one only when active in this org.
            if (n.userId() == null
                    || (user != null && !(user.active() && user.orgId().equals(n.orgId())))) {
                count(n.type(), "not_allowed");
                continue;
            }
            Preference preference = choices.of(n.orgId(), n.userId(), n.type());
            if (preference.email()
                    && n.collapse() == null
                    && user != null
                    && user.email() != null
                    && !user.email().isBlank()) {
                emails.enqueue(n.orgId(), n.userId(), user.email(), n.title(), n.body(), n.sourceEventId());
            }
            if (preference.sms() && n.collapse() == null && user != null && user.textable()) {
                sms.enqueue(n.orgId(), n.userId(), n.type(), n.title(), n.subjectId(), n.sourceEventId());
            }
            if (!preference.inApp()) {
                count(n.type(), "muted");
                continue;
            }
            inApp.add(n);
        }
        if (inApp.isEmpty()) {
            return;
        }
        Set<UUID> recipients = new LinkedHashSet<>();
        inApp.forEach(n -> recipients.add(n.userId()));
        notifications.lockPeople(recipients);
        // Exact under the locks: the count before this batch, plus what this batch inserts.
        Map<String, Long> unread = notifications.unreadCounts(recipients);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Notification> plain = new ArrayList<>();
        List<UUID> plainSources = new ArrayList<>();
        for (NewNotification n : inApp) {
            if (n.collapse() == null) {
                plain.add(new Notification(
                        UUID.randomUUID(),
                        n.orgId(),
                        n.userId(),
                        n.type(),
                        n.title(),
                        n.body(),
                        n.subjectId(),
                        1,
                        now,
                        now,
                        null));
                plainSources.add(n.sourceEventId());
            }
        }
        Set<UUID> inserted = notifications.insertAll(plain, plainSources);
        int nextPlain = 0;
        for (NewNotification n : inApp) {
            String person = n.orgId() + "/" + n.userId();
            if (n.collapse() == null) {
                Notification notification = plain.get(nextPlain++);
                if (inserted.contains(notification.id())) {
                    created(notification, unread.merge(person, 1L, Long::sum));
                } else {
                    count(n.type(), "duplicate");
                }
            } else {
                collapse(n, now, unread, person);
            }
        }
    }

    /** Folds a repeat into the person's open notification with its key, or starts one. */
    private void collapse(NewNotification n, Instant now, Map<String, Long> unread, String person) {
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
            push(bumped, "notification.updated", unread.getOrDefault(person, 0L));
            count(n.type(), "collapsed");
            log.info(
                    "notification collapsed: type={} id={} count={} user={} org={}",
                    n.type(),
                    bumped.id(),
                    bumped.count(),
                    n.userId(),
                    n.orgId());
            return;
        }
        Notification notification = new Notification(
                UUID.randomUUID(),
                n.orgId(),
                n.userId(),
                n.type(),
                n.collapse().titleForCount().apply(1),
                n.body(),
                n.subjectId(),
                1,
                now,
                now,
                null);
        if (notifications.insert(notification, n.sourceEventId(), n.collapse().key())) {
            created(notification, unread.merge(person, 1L, Long::sum));
        } else {
            count(n.type(), "duplicate");
        }
    }

    private void created(Notification notification, long unreadCount) {
        push(notification, "notification.created", unreadCount);
        count(notification.type(), "created");
        log.info(
                "notification created: type={} id={} user={} org={}",
                notification.type(),
                notification.id(),
                notification.userId(),
                notification.orgId());
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
            Notification read = found.orElseThrow();
            push(read, "notification.read", notifications.unreadCount(orgId, userId));
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

    private void push(Notification notification, String event, long unread) {
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
