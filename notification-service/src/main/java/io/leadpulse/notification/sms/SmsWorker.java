package io.leadpulse.notification.sms;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
class SmsWorker {

    private final Sms sms;

    SmsWorker(Sms sms) {
        this.sms = sms;
    }

    @Scheduled(fixedDelayString = "${notification.sms.poll-interval:2s}")
    void tick() {
        while (sms.sendDue() > 0) {
            // drain a backlog batch by batch
        }
    }
}
