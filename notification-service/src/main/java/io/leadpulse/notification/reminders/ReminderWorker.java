package io.leadpulse.notification.reminders;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Polls the schedule; the clock it reads is the injectable {@code Clock} bean. */
@Component
class ReminderWorker {

    private final Reminders reminders;

    ReminderWorker(Reminders reminders) {
        this.reminders = reminders;
    }

    @Scheduled(fixedDelayString = "${notification.reminder-poll-interval:1s}")
    void tick() {
        while (reminders.fireDue() > 0) {
            // drain a backlog batch by batch
        }
    }
}
