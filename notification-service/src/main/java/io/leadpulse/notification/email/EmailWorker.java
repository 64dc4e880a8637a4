package io.leadpulse.notification.email;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
class EmailWorker {

    private final Emails emails;

    EmailWorker(Emails emails) {
        this.emails = emails;
    }

    @Scheduled(fixedDelayString = "${notification.email-poll-interval:2s}")
    void tick() {
        while (emails.sendDue() > 0) {
            // drain a backlog batch by batch
        }
    }
}
