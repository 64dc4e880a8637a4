package io.leadpulse.notification.reminders;

import io.leadpulse.notification.NotificationSettings;
import io.leadpulse.notification.inbox.NewNotification;
import io.leadpulse.notification.inbox.NotificationService;
import io.leadpulse.platform.events.LeadEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appointment reminders as a durable schedule in PostgreSQL: one row per appointment, due
 * {@code reminderLeadTime} before it starts, claimed by due time with {@code FOR UPDATE SKIP
 * LOCKED} so several instances never remind twice, and fired in the same transaction that marks
 * it sent. A reminder's notification is keyed by appointment and start time: the same start never
 * reminds twice, a moved one reminds again.
 */
@Service
public class Reminders {

    private static final Logger log = LoggerFactory.getLogger(Reminders.class);

    private final ReminderRepository repository;
    private final NotificationService notifications;
    private final NotificationSettings settings;
    private final Clock clock;

    Reminders(
            ReminderRepository repository,
            NotificationService notifications,
            NotificationSettings settings,
            Clock clock) {
        this.repository = repository;
        this.notifications = notifications;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    public void schedule(LeadEvent.AppointmentScheduled a) {
        repository.upsert(
                a.appointmentId(),
                a.orgId(),
                a.leadId(),
                a.assigneeId(),
                a.title(),
                a.startsAt(),
                a.startsAt().minus(settings.reminderLeadTime()),
                a.scheduledAt());
        log.info(
                "reminder scheduled: appointment={} lead={} org={} startsAt={}",
                a.appointmentId(),
                a.leadId(),
                a.orgId(),
                a.startsAt());
    }

    @Transactional
    public void cancel(LeadEvent.AppointmentCancelled c) {
        repository.cancel(c.appointmentId(), c.orgId(), c.leadId(), c.cancelledAt());
        log.info("reminder cancelled: appointment={} lead={} org={}", c.appointmentId(), c.leadId(), c.orgId());
    }

    @Transactional
    public void cancelForLead(UUID leadId) {
        repository.cancelForLead(leadId);
    }

    @Transactional
    public void reassign(UUID leadId, UUID assigneeId) {
        repository.reassign(leadId, assigneeId);
    }

    /** Fires the reminders due now; returns how many rows were claimed. */
    @Transactional
    public int fireDue() {
        Instant now = clock.instant();
        List<DueReminder> due = repository.claimDue(now, settings.reminderBatchSize());
        // the round's notifications are written together (people locked in one order)
        notifications.collecting(() -> {
            for (DueReminder reminder : due) {
                if (reminder.startsAt().isAfter(now) && reminder.assigneeId() != null) {
                    long minutes = Math.max(1, (reminder.startsAt().getEpochSecond() - now.getEpochSecond() + 59) / 60);
                    notifications.notify(new NewNotification(
                            reminder.orgId(),
                            reminder.assigneeId(),
                            "appointment.reminder",
                            "Starts in " + minutes + " min: "
                                    + (reminder.title() == null ? "appointment" : reminder.title()),
                            null,
                            reminder.leadId().toString(),
                            UUID.nameUUIDFromBytes(("reminder:" + reminder.appointmentId() + ":" + reminder.startsAt())
                                    .getBytes(StandardCharsets.UTF_8)),
                            null));
                    log.info(
                            "reminder fired: appointment={} lead={} org={}",
                            reminder.appointmentId(),
                            reminder.leadId(),
                            reminder.orgId());
                } else {
                    log.info(
                            "reminder skipped (already started or nobody assigned): appointment={} org={}",
                            reminder.appointmentId(),
                            reminder.orgId());
                }
                repository.markSent(reminder.appointmentId(), now);
            }
        });
        return due.size();
    }
}
