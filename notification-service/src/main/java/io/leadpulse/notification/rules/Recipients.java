package io.leadpulse.notification.rules;

import io.leadpulse.notification.directory.Directory;
import io.leadpulse.notification.inbox.NewNotification;
import io.leadpulse.notification.inbox.NotificationService;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Fans a notification out to people resolved from the directory, each person once. */
@Component
class Recipients {

    private final Directory directory;
    private final NotificationService notifications;

    Recipients(Directory directory, NotificationService notifications) {
        this.directory = directory;
        this.notifications = notifications;
    }

    /** The assignee; the org's active admins when there is none. */
    void assigneeOrAdmins(UUID assigneeId, NewNotification n) {
        if (assigneeId != null) {
            notifications.notify(n.withUser(assigneeId));
        } else {
            send(directory.activeAdmins(n.orgId()), n);
        }
    }

    void admins(NewNotification n) {
        send(directory.activeAdmins(n.orgId()), n);
    }

    void adminsAnd(UUID also, NewNotification n) {
        Set<UUID> people = new LinkedHashSet<>(directory.activeAdmins(n.orgId()));
        if (also != null) {
            people.add(also);
        }
        send(people, n);
    }

    void everyone(NewNotification n) {
        send(directory.activeUsers(n.orgId()), n);
    }

    void one(UUID userId, NewNotification n) {
        if (userId != null) {
            notifications.notify(n.withUser(userId));
        }
    }

    /** In id order (the per-person locks are taken sorted when the notifications are written). */
    private void send(Collection<UUID> people, NewNotification n) {
        people.stream().sorted().forEach(person -> notifications.notify(n.withUser(person)));
    }
}
