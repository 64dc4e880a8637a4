package io.leadpulse.notification.email;

import io.leadpulse.notification.NotificationSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emails as a durable queue: {@link #enqueue} in the notification's transaction (once per person
 * and event), {@link #sendDue} from a worker claiming rows with {@code FOR UPDATE SKIP LOCKED},
 * retrying a refused send with backoff.
 */
@Service
public class Emails {

    private static final Logger log = LoggerFactory.getLogger(Emails.class);

    private final EmailRepository repository;
    private final MailGateway mail;
    private final NotificationSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;

    Emails(
            EmailRepository repository,
            MailGateway mail,
            NotificationSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.repository = repository;
        this.mail = mail;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    @Transactional
    public void enqueue(UUID orgId, UUID userId, String to, String subject, String body, UUID sourceEventId) {
        String text = (body == null || body.isBlank() ? subject : subject + "\n\n" + body)
                + "\n\n-- LeadPulse (change what you receive in your notification settings)";
        if (repository.insert(
                orgId, userId, to, truncate(subject, 300), truncate(text, 4000), sourceEventId, clock.instant())) {
            log.info("email queued: user={} org={}", userId, orgId);
        }
    }

    /**
     * Queues an email with an HTML alternative and an attachment, once per person and
     * {@code sourceId}, in the caller's transaction.
     */
    @Transactional
    public boolean enqueueRich(
            UUID orgId, UUID userId, String to, String subject, String text, MailGateway.Rich rich, UUID sourceId) {
        boolean queued = repository.insertRich(
                orgId, userId, to, truncate(subject, 300), truncate(text, 4000), rich, sourceId, clock.instant());
        if (queued) {
            log.info("email queued: user={} org={} attachment={}", userId, orgId, rich.attachmentName());
        }
        return queued;
    }

    /** Sends what is due; returns how many rows were claimed. */
    @Transactional
    public int sendDue() {
        Instant now = clock.instant();
        List<EmailRepository.Pending> due = repository.claimDue(now, settings.reminderBatchSize());
        for (EmailRepository.Pending email : due) {
            try {
                if (email.rich() == null) {
                    mail.send(email.to(), email.subject(), email.body());
                } else {
                    mail.send(email.to(), email.subject(), email.body(), email.rich());
                }
                repository.markSent(email.id(), now);
                meters.counter("notification.emails", "outcome", "sent").increment();
                log.info("email sent: id={} user={}", email.id(), email.userId());
            } catch (RuntimeException e) {
                Duration backoff = Duration.ofSeconds(Math.min(3600, 30L << Math.min(email.attempts(), 7)));
                repository.markFailed(
                        email.id(), now.plus(backoff), truncate(e.getClass().getSimpleName(), 300));
                meters.counter("notification.emails", "outcome", "failed").increment();
                log.warn(
                        "email failed: id={} user={} attempt={} error={}",
                        email.id(),
                        email.userId(),
                        email.attempts() + 1,
                        e.getClass().getSimpleName());
            }
        }
        return due.size();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
