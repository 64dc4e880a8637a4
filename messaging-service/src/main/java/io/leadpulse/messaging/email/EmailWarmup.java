package io.leadpulse.messaging.email;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.DailyCap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Email warm-up: a new sending address may send {@code ramp[d]} emails on day {@code d} after its
 * first send (30, 50, 75...; the last value holds after). Days start at midnight in the warm-up
 * zone. The counter row is locked in the send worker's claiming transaction, so instances share
 * one count.
 */
@Component
class EmailWarmup implements DailyCap {

    private final EmailSenderRepository senders;
    private final MessagingSettings.Warmup settings;

    EmailWarmup(EmailSenderRepository senders, MessagingSettings settings) {
        this.senders = senders;
        this.settings = settings.email().warmup();
    }

    @Override
    public Optional<Instant> reachedUntil(String sender, Channel channel, Instant now) {
        if (channel != Channel.EMAIL) {
            return Optional.empty();
        }
        LocalDate today = now.atZone(settings.zone()).toLocalDate();
        EmailSenderRepository.Day day = senders.lock(sender, today);
        int sentToday = day.day().equals(today) ? day.sent() : 0;
        int cap = settings.capOn(ChronoUnit.DAYS.between(day.firstDay(), today));
        if (sentToday < cap) {
            return Optional.empty();
        }
        return Optional.of(today.plusDays(1).atStartOfDay(settings.zone()).toInstant());
    }

    @Override
    public void count(String sender, Channel channel, Instant now) {
        if (channel == Channel.EMAIL) {
            senders.count(sender, now.atZone(settings.zone()).toLocalDate());
        }
    }
}
