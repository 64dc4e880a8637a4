package io.leadpulse.notification.sms;

import io.leadpulse.notification.NotificationSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SMS notifications as a durable queue, like the emails: {@link #enqueue} in the notification's
 * transaction (once per person and event), {@link #sendDue} from a worker that claims due rows with
 * a lease, sends each through the {@link SmsGateway} outside any transaction, and records the
 * outcome: sent; refused for good by Twilio (21211 invalid number, 21610 unsubscribed...) is
 * failed, not retried; a failure (5xx, network) retried with backoff up to {@code max-attempts}.
 * Quiet hours (21:00 to 08:00 in the org's time zone) defer a text to their end unless its type is
 * urgent (appointment reminders).
 */
@Service
public class Sms {

    private static final Logger log = LoggerFactory.getLogger(Sms.class);

    /** Types whose subject is a lead: the text links to it. */
    private static final Set<String> NOT_ABOUT_A_LEAD = Set.of("import.finished", "insights.weekly");

    private final SmsRepository repository;
    private final SmsGateway gateway;
    private final NotificationSettings.Sms settings;
    private final QuietHours quietHours;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;
    private final int batchSize;

    Sms(
            SmsRepository repository,
            SmsGateway gateway,
            NotificationSettings settings,
            Clock clock,
            MeterRegistry meters,
            TransactionTemplate transactions) {
        this.repository = repository;
        this.gateway = gateway;
        this.settings = settings.sms();
        this.quietHours = new QuietHours(this.settings.quietStartTime(), this.settings.quietEndTime());
        this.clock = clock;
        this.meters = meters;
        this.transactions = transactions;
        this.batchSize = settings.reminderBatchSize();
    }

    /**
     * Queues the text of a notification for a person the caller checked may be texted (SMS
     * preference on, a number and their consent), in the caller's transaction; a second call for
     * the same person and event queues nothing.
     *
     * @param title the notification's in-app title (the text says no more than that)
     * @param subjectId the lead it is about (linked), or another id (not linked)
     */
    @Transactional
    public void enqueue(UUID orgId, UUID userId, String type, String title, String subjectId, UUID sourceEventId) {
        Instant now = clock.instant();
        boolean urgent = settings.urgentTypes().contains(type);
        Instant due = urgent ? now : quietHours.nextAllowed(now, repository.zoneOf(orgId));
        String body = SmsTexts.compose(title, link(type, subjectId));
        if (repository.insert(orgId, userId, type, body, sourceEventId, urgent, now, due)) {
            count(due.isAfter(now) ? "deferred" : "queued");
            log.info("sms queued: type={} user={} org={} due={}", type, userId, orgId, due);
        } else {
            count("duplicate");
        }
    }

    private String link(String type, String subjectId) {
        String app = settings.appUrl().endsWith("/")
                ? settings.appUrl().substring(0, settings.appUrl().length() - 1)
                : settings.appUrl();
        if (subjectId == null || NOT_ABOUT_A_LEAD.contains(type)) {
            return app;
        }
        return app + "/leads/" + subjectId;
    }

    /** Sends what is due; returns how many rows were claimed. */
    public int sendDue() {
        Instant now = clock.instant();
        List<SmsRepository.Claimed> claimed =
                transactions.execute(tx -> repository.claimDue(now, now.plus(settings.lease()), batchSize));
        for (SmsRepository.Claimed sms : claimed) {
            send(sms, now);
        }
        return claimed.size();
    }

    private void send(SmsRepository.Claimed sms, Instant now) {
        if (!sms.textable()) {
            // consent withdrawn, number removed or changed (which resets consent), or deactivated since
            repository.markFinal(sms, "CANCELLED", null, "no consent or number any more");
            count("cancelled");
            log.info(
                    "sms cancelled (no consent or number any more): id={} user={} org={}",
                    sms.id(),
                    sms.userId(),
                    sms.orgId());
            return;
        }
        if (!sms.urgent() && quietHours.isQuiet(now, sms.zone())) {
            // a retry that fell into the night: the morning
            Instant at = quietHours.nextAllowed(now, sms.zone());
            repository.reschedule(sms, at, false, null);
            count("deferred");
            log.info(
                    "sms deferred to the end of quiet hours: id={} user={} org={} at={}",
                    sms.id(),
                    sms.userId(),
                    sms.orgId(),
                    at);
            return;
        }
        try {
            String sid = gateway.send(sms.phone(), settings.from(), sms.body());
            repository.markSent(sms, sid, clock.instant());
            count("sent");
            log.info(
                    "sms sent: id={} type={} user={} org={} sid={}",
                    sms.id(),
                    sms.type(),
                    sms.userId(),
                    sms.orgId(),
                    sid);
        } catch (SmsGateway.Refused e) {
            repository.markFinal(sms, "FAILED", e.code(), truncate(e.getMessage()));
            count("failed");
            log.warn(
                    "sms refused for good: id={} user={} org={} code={}",
                    sms.id(),
                    sms.userId(),
                    sms.orgId(),
                    e.code());
        } catch (RuntimeException e) { // Unavailable (5xx, 429, network), or anything unexpected: try again later
            String error = truncate(e.getClass().getSimpleName() + ": " + e.getMessage());
            if (sms.attempts() >= settings.maxAttempts()) {
                repository.markFinal(sms, "FAILED", null, error);
                count("failed");
                log.warn(
                        "sms given up after {} attempts: id={} user={} org={}",
                        sms.attempts(),
                        sms.id(),
                        sms.userId(),
                        sms.orgId());
                return;
            }
            Duration backoff = Duration.ofSeconds(Math.min(3600, 30L << Math.min(sms.attempts() - 1, 7)));
            repository.reschedule(sms, now.plus(backoff), true, error);
            count("retry");
            log.warn(
                    "sms failed, retrying: id={} user={} org={} attempt={} in={}s error={}",
                    sms.id(),
                    sms.userId(),
                    sms.orgId(),
                    sms.attempts(),
                    backoff.toSeconds(),
                    e.getClass().getSimpleName());
        }
    }

    private void count(String result) {
        meters.counter("notification.sms", "result", result).increment();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }
}
