package io.leadpulse.messaging.email;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.Message;
import io.leadpulse.messaging.sending.MessageEvents;
import io.leadpulse.messaging.sending.MessageService;
import io.leadpulse.messaging.sending.Suppressions;
import io.leadpulse.platform.events.MessagingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies bounce and complaint reports: a hard bounce suppresses the address (its sequences stop,
 * as for an opt-out), a soft bounce sends the email again after {@code soft-retry-delay} up to
 * {@code soft-retry-limit} times, a complaint suppresses the address for good (no keyword lifts it).
 * The report is stored under its id in the same transaction, so a report read twice (the mailbox
 * could not be cleaned after a crash) changes nothing.
 */
@Service
class EmailBounces {

    private static final Logger log = LoggerFactory.getLogger(EmailBounces.class);

    private final EmailReportRepository reports;
    private final MessageService messages;
    private final MessageEvents events;
    private final Suppressions suppressions;
    private final MessagingSettings.Bounces settings;
    private final Clock clock;
    private final MeterRegistry meters;

    EmailBounces(
            EmailReportRepository reports,
            MessageService messages,
            MessageEvents events,
            Suppressions suppressions,
            MessagingSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.reports = reports;
        this.messages = messages;
        this.events = events;
        this.suppressions = suppressions;
        this.settings = settings.email().bounces();
        this.clock = clock;
        this.meters = meters;
    }

    /** Answers what became of the report ({@code duplicate}, {@code unmatched}, {@code ignored}, {@code hard}...). */
    @Transactional
    public String apply(String reportId, String raw) {
        Instant now = clock.instant();
        BounceReport report = BounceReport.parse(raw);
        Optional<Message> found = report.kind() == BounceReport.Kind.OTHER || report.messageId() == null
                ? Optional.empty()
                : messages.lock(report.messageId()).filter(m -> m.channel() == Channel.EMAIL);
        String outcome = found.map(m -> outcome(report))
                .orElse(report.kind() == BounceReport.Kind.OTHER ? "ignored" : "unmatched");
        if (!reports.insert(reportId, report, raw, now, outcome)) {
            meters.counter("messaging.email.reports", "outcome", "duplicate").increment();
            return "duplicate";
        }
        meters.counter("messaging.email.reports", "outcome", outcome).increment();
        if (found.isEmpty()) {
            log.info("email report not applied: report={} kind={} outcome={}", reportId, report.kind(), outcome);
            return outcome;
        }
        Message m = found.get();
        switch (report.kind()) {
            case HARD -> {
                messages.undelivered(m, "hard bounce " + report.statusCode(), now);
                suppressions.suppress(m.orgId(), m.leadId(), Channel.EMAIL, m.to(), "BOUNCE", now);
                bounced(m, "HARD", report.statusCode(), null, now);
            }
            case SOFT -> {
                messages.undelivered(m, "soft bounce " + report.statusCode(), now);
                Instant retryAt = null;
                if (messages.softBounces(m.id()) < settings.softRetryLimit()) {
                    retryAt = now.plus(settings.softRetryDelay());
                    Instant at = retryAt;
                    messages.resend(m, retryAt)
                            .ifPresent(again -> log.info(
                                    "soft-bounced email sent again later: message={} retry={} at={}",
                                    m.id(),
                                    again.id(),
                                    at));
                }
                bounced(m, "SOFT", report.statusCode(), retryAt, now);
            }
            case COMPLAINT -> {
                suppressions.suppress(m.orgId(), m.leadId(), Channel.EMAIL, m.to(), "COMPLAINT", now);
                events.aboutLead(
                        m.orgId(),
                        m.leadId(),
                        new MessagingEvent.EmailComplained(m.orgId(), m.leadId(), m.id(), report.feedbackType(), now),
                        "email.complained");
            }
            case OTHER -> {
                // not reached: OTHER never finds a message
            }
        }
        log.info("email report applied: report={} message={} kind={}", reportId, m.id(), report.kind());
        return outcome;
    }

    private String outcome(BounceReport report) {
        return report.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void bounced(Message m, String kind, String status, Instant retryAt, Instant now) {
        events.aboutLead(
                m.orgId(),
                m.leadId(),
                new MessagingEvent.EmailBounced(m.orgId(), m.leadId(), m.id(), kind, status, retryAt, now),
                "email.bounced");
    }
}
