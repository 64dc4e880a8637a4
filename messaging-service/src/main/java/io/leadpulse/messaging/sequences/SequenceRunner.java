package io.leadpulse.messaging.sequences;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.leads.LeadContact;
import io.leadpulse.messaging.leads.LeadDirectory;
import io.leadpulse.messaging.sending.Message;
import io.leadpulse.messaging.sending.MessageService;
import io.leadpulse.messaging.sending.QuietHours;
import io.leadpulse.messaging.sending.SendRejected;
import io.leadpulse.messaging.sending.Templates;
import io.leadpulse.messaging.settings.OrgSettings;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.MessagingEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs due sequence steps from the enrolment table: rows due now are claimed with
 * {@code FOR UPDATE SKIP LOCKED} (instances share them), each step's message is queued and the
 * enrolment moved on in one transaction, so a restart loses or repeats nothing. No timers in memory.
 */
@Component
public class SequenceRunner {

    private static final Logger log = LoggerFactory.getLogger(SequenceRunner.class);

    private final SequenceRepository sequences;
    private final Sequences lifecycle;
    private final LeadDirectory leads;
    private final MessageService messages;
    private final OrgSettings orgSettings;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;
    private final java.util.concurrent.ThreadPoolExecutor workers;
    private final java.time.Duration firstLineWait;
    private final String firstLineFallback;

    SequenceRunner(
            SequenceRepository sequences,
            Sequences lifecycle,
            LeadDirectory leads,
            MessageService messages,
            OrgSettings orgSettings,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            MessagingSettings settings) {
        this.sequences = sequences;
        this.lifecycle = lifecycle;
        this.leads = leads;
        this.messages = messages;
        this.orgSettings = orgSettings;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = settings.sequences().batchSize();
        int count = settings.sequences().workers();
        this.workers = new java.util.concurrent.ThreadPoolExecutor(
                count,
                count,
                1,
                java.util.concurrent.TimeUnit.MINUTES,
                new java.util.concurrent.LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("sequence-worker-", 1).factory());
        this.firstLineWait = settings.sequences().firstLineWait();
        this.firstLineFallback = settings.sequences().firstLineFallback();
    }

    /**
     * Each round runs {@code workers} claimers at once, each taking batches until one comes back
     * short. A step is a dozen round trips to PostgreSQL, so concurrent transactions (disjoint rows
     * thanks to SKIP LOCKED) hide that latency.
     */
    @Scheduled(fixedDelayString = "${messaging.sequences.poll-interval}")
    void poll() {
        List<java.util.concurrent.Callable<Void>> rounds = new java.util.ArrayList<>();
        for (int i = 0; i < workers.getMaximumPoolSize(); i++) {
            rounds.add(() -> {
                try {
                    while (runDue() == batchSize) {
                        // a full batch: more may be due
                    }
                } catch (RuntimeException e) {
                    log.warn("sequence round failed; the next round retries: {}", e.toString());
                }
                return null;
            });
        }
        try {
            workers.invokeAll(rounds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** One batch in one transaction; answers how many enrolments it handled. */
    public int runDue() {
        Integer handled = transactions.execute(tx -> {
            Instant now = clock.instant();
            // Locked in due order, worked through in lead order: concurrent batches then take the
            // rows they share (a lead's conversation) in one order and cannot deadlock.
            List<Enrolment> due = new java.util.ArrayList<>(sequences.lockDue(now, batchSize));
            due.sort(java.util.Comparator.comparing(Enrolment::leadId));
            java.util.Map<java.util.UUID, List<Step>> steps = new java.util.HashMap<>();
            for (Enrolment enrolment : due) {
                step(enrolment, steps.computeIfAbsent(enrolment.sequenceId(), sequences::steps), now);
            }
            return due.size();
        });
        return handled == null ? 0 : handled;
    }

    private void step(Enrolment enrolment, List<Step> steps, Instant now) {
        Optional<LeadContact> found = leads.find(enrolment.orgId(), enrolment.leadId());
        if (found.isEmpty()) {
            lifecycle.end(enrolment, Enrolment.Status.STOPPED, "LEAD_DELETED", enrolment.nextStep() - 1, now);
            return;
        }
        LeadContact lead = found.get();
        Step step = steps.get(enrolment.nextStep() - 1);
        ZoneId zone = zoneOf(lead);
        Instant allowed = nextAllowed(now, zone, step);
        if (allowed.isAfter(now)) {
            sequences.reschedule(enrolment.id(), allowed, now);
            return;
        }
        if (lead.firstLine() == null && Templates.needsFirstLine(step.template())) {
            // Enrichment writes the first line soon after the lead is created; wait for it (its
            // arrival wakes the step) at most first-line-wait from then, then use the fallback.
            Instant since = lead.createdAt() == null ? enrolment.enrolledAt() : lead.createdAt();
            Instant giveUp = since.plus(firstLineWait);
            if (now.isBefore(giveUp)) {
                sequences.waitFor(enrolment.id(), Sequences.FIRST_LINE, giveUp, now);
                log.info(
                        "sequence step waits for the lead's first line: enrolment={} step={} until={}",
                        enrolment.id(),
                        step.position(),
                        giveUp);
                return;
            }
        }
        Message message;
        try {
            message = messages.sendAutomated(
                    lead,
                    step.channel(),
                    step.subject(),
                    Templates.render(step.template(), lead, firstLineFallback),
                    enrolment.enrolledBy());
        } catch (SendRejected e) {
            String reason = e.reason() == SendRejected.Reason.SUPPRESSED
                    ? "OPTED_OUT"
                    : "template".equals(e.field()) ? "EMPTY_MESSAGE" : "NO_ADDRESS";
            lifecycle.end(enrolment, Enrolment.Status.STOPPED, reason, enrolment.nextStep() - 1, now);
            return;
        }
        MessagingEvent.SequenceStepSent sent = new MessagingEvent.SequenceStepSent(
                enrolment.orgId(),
                enrolment.leadId(),
                enrolment.sequenceId(),
                enrolment.id(),
                step.position(),
                message.id(),
                step.channel().name(),
                now);
        outbox.publish(sent);
        outbox.publish(RealtimeMessage.of(
                enrolment.orgId(),
                lifecycle.channels(enrolment.orgId(), enrolment.leadId()),
                "sequence.step_sent",
                sent));
        if (step.position() == steps.size()) {
            lifecycle.end(enrolment, Enrolment.Status.COMPLETED, "FINISHED", steps.size(), now);
        } else {
            sequences.advance(
                    enrolment.id(),
                    step.position() + 1,
                    now.plus(steps.get(step.position()).delay()),
                    now);
        }
        log.info("sequence step sent: enrolment={} step={} message={}", enrolment.id(), step.position(), message.id());
    }

    private ZoneId zoneOf(LeadContact lead) {
        ZoneId fallback = orgSettings.of(lead.orgId()).timezone();
        return lead.zone()
                .orElseGet(() -> lead.phone() == null
                        ? fallback
                        : QuietHours.zonesOf(lead.phone(), fallback).getFirst());
    }

    /** The first instant at or after {@code now} on an allowed day between the step's hours, in {@code zone}. */
    static Instant nextAllowed(Instant now, ZoneId zone, Step step) {
        ZonedDateTime local = now.atZone(zone);
        for (int day = 0; day < 8; day++) {
            LocalDate date = local.toLocalDate().plusDays(day);
            if (!step.days().contains(date.getDayOfWeek())) {
                continue;
            }
            LocalTime time = day == 0 ? local.toLocalTime() : LocalTime.MIN;
            if (time.isBefore(step.from())) {
                return ZonedDateTime.of(date, step.from(), zone).toInstant();
            }
            if (time.isBefore(step.until())) {
                return day == 0 ? now : ZonedDateTime.of(date, time, zone).toInstant();
            }
        }
        return now;
    }
}
