package io.leadpulse.messaging.sequences;

import io.leadpulse.messaging.leads.LeadDirectory;
import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.Inbox;
import io.leadpulse.messaging.sending.Suppressions;
import io.leadpulse.messaging.sending.Templates;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.MessagingEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-organisation sequences of steps, and leads enrolled in them. Enrolments stop when the lead
 * replies, opts out, is won, paid or lost, or is deleted, in the transaction that learns it.
 */
@Service
public class Sequences {

    private static final Logger log = LoggerFactory.getLogger(Sequences.class);
    private static final Set<String> CLOSED = Set.of("WON", "PAID", "LOST", "DELETED");

    private final SequenceRepository sequences;
    private final LeadDirectory leads;
    private final Outbox outbox;
    private final Clock clock;

    Sequences(SequenceRepository sequences, LeadDirectory leads, Outbox outbox, Clock clock) {
        this.sequences = sequences;
        this.leads = leads;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A template naming a field no lead has is refused here, naming the step and the field. */
    @Transactional
    public Sequence create(CurrentUser user, String name, List<Step> steps, EnrolRule rule) {
        if (steps.isEmpty()) {
            throw new SequenceRejected(SequenceRejected.Reason.INVALID, "steps", "a sequence needs at least one step");
        }
        for (Step step : steps) {
            String field = "steps[" + (step.position() - 1) + "]";
            Set<String> unknown = Templates.unknownFields(step.template());
            if (!unknown.isEmpty()) {
                throw new SequenceRejected(
                        SequenceRejected.Reason.INVALID,
                        field + ".template",
                        "step " + step.position() + " names unknown field " + String.join(", ", unknown));
            }
            if (step.channel() == Channel.EMAIL
                    && (step.subject() == null || step.subject().isBlank())) {
                throw new SequenceRejected(
                        SequenceRejected.Reason.INVALID, field + ".subject", "an email step needs a subject");
            }
            if (step.days().isEmpty() || !step.from().isBefore(step.until())) {
                throw new SequenceRejected(
                        SequenceRejected.Reason.INVALID,
                        field + ".days",
                        "needs at least one day and from before until");
            }
        }
        if (rule != null) {
            String[] problem = rule.problem();
            if (problem != null) {
                throw new SequenceRejected(SequenceRejected.Reason.INVALID, problem[0], problem[1]);
            }
        }
        Sequence sequence = new Sequence(
                UUID.randomUUID(), user.orgId(), name, List.copyOf(steps), rule, user.id(), clock.instant());
        sequences.insert(sequence);
        log.info(
                "sequence created: org={} sequence={} steps={} rule={}",
                user.orgId(),
                sequence.id(),
                steps.size(),
                rule != null);
        return sequence;
    }

    public List<Sequence> list(CurrentUser user) {
        return sequences.list(user.orgId());
    }

    public Optional<Sequence> find(CurrentUser user, UUID id) {
        return sequences.find(user.orgId(), id);
    }

    /** Enrols a lead the caller may see; its first step is due after the first step's delay. */
    @Transactional
    public Enrolment enrol(CurrentUser user, UUID sequenceId, UUID leadId) {
        Sequence sequence = sequences
                .find(user.orgId(), sequenceId)
                .orElseThrow(() -> new SequenceRejected(
                        SequenceRejected.Reason.NOT_FOUND, "sequenceId", "Sequence " + sequenceId));
        leads.visibleTo(user, leadId)
                .orElseThrow(() -> new SequenceRejected(SequenceRejected.Reason.NOT_FOUND, "leadId", "Lead " + leadId));
        return enrol(
                        user.orgId(),
                        sequenceId,
                        leadId,
                        sequence.steps().getFirst().delay(),
                        user.id(),
                        Enrolment.Via.MANUAL)
                .orElseThrow(() -> new SequenceRejected(
                        SequenceRejected.Reason.ALREADY_ENROLLED,
                        "leadId",
                        "the lead is already enrolled in this sequence"));
    }

    /** Empty when the lead is or was enrolled in this sequence already; else with {@code sequence.enrolled}. */
    private Optional<Enrolment> enrol(
            UUID orgId, UUID sequenceId, UUID leadId, java.time.Duration firstDelay, UUID by, Enrolment.Via via) {
        Instant now = clock.instant();
        Enrolment enrolment = new Enrolment(
                UUID.randomUUID(),
                orgId,
                sequenceId,
                leadId,
                Enrolment.Status.ACTIVE,
                1,
                now.plus(firstDelay),
                null,
                by,
                now,
                via);
        if (!sequences.enrol(enrolment, now)) {
            return Optional.empty();
        }
        MessagingEvent.SequenceEnrolled event = new MessagingEvent.SequenceEnrolled(
                orgId, leadId, sequenceId, enrolment.id(), via.name(), by, enrolment.dueAt(), now);
        outbox.publish(event);
        outbox.publish(RealtimeMessage.of(orgId, channels(orgId, leadId), "sequence.enrolled", event));
        log.info(
                "lead enrolled: org={} sequence={} lead={} enrolment={} via={}",
                orgId,
                sequenceId,
                leadId,
                enrolment.id(),
                via);
        return Optional.of(enrolment);
    }

    /**
     * A lead was created, updated or moved in the pipeline (the projection holds its new state):
     * every sequence of its organisation whose rule matches enrols it, once ever per sequence (a
     * lead that left a sequence is not enrolled in it again). Runs in the consumer's transaction,
     * so a redelivered event enrols nobody twice.
     */
    @EventListener
    void onLeadChanged(LeadDirectory.LeadChanged changed) {
        List<SequenceRepository.Rule> rules = sequences.rules(changed.orgId());
        if (rules.isEmpty()) {
            return;
        }
        leads.find(changed.orgId(), changed.leadId())
                .filter(lead -> lead.status() == null || !CLOSED.contains(lead.status()))
                .ifPresent(lead -> {
                    for (SequenceRepository.Rule rule : rules) {
                        if (rule.rule().matches(changed.trigger(), lead)) {
                            enrol(
                                    lead.orgId(),
                                    rule.sequenceId(),
                                    lead.leadId(),
                                    rule.firstDelay(),
                                    rule.createdBy(),
                                    Enrolment.Via.RULE);
                        }
                    }
                });
    }

    /** Steps that waited for this lead's first line go now (they render it). */
    @EventListener
    void onFirstLine(LeadDirectory.FirstLineApplied applied) {
        int woken = sequences.wake(applied.orgId(), applied.leadId(), FIRST_LINE, clock.instant());
        if (woken > 0) {
            log.info("steps waiting for a first line woken: lead={} count={}", applied.leadId(), woken);
        }
    }

    static final String FIRST_LINE = "FIRST_LINE";

    /** A REP sees only the enrolments of leads assigned to it (ADR 0005): the others are not its leads. */
    public List<Enrolment> enrolments(CurrentUser user, UUID sequenceId) {
        return sequences.enrolments(user.orgId(), sequenceId, user.isAdmin() ? null : user.id());
    }

    @EventListener
    void onReply(Inbox.LeadReplied replied) {
        stopAll(replied.orgId(), replied.leadId(), "REPLIED", replied.at());
    }

    @EventListener
    void onOptOut(Suppressions.LeadOptedOut optedOut) {
        stopAll(optedOut.orgId(), optedOut.leadId(), "OPTED_OUT", optedOut.at());
    }

    @EventListener
    void onStatus(LeadDirectory.LeadStatusApplied status) {
        if (status.status() != null && CLOSED.contains(status.status())) {
            stopAll(status.orgId(), status.leadId(), "LEAD_" + status.status(), status.at());
        }
    }

    private void stopAll(UUID orgId, UUID leadId, String reason, Instant at) {
        for (Enrolment enrolment : sequences.lockActiveOfLead(orgId, leadId)) {
            end(enrolment, Enrolment.Status.STOPPED, reason, enrolment.nextStep() - 1, at);
        }
    }

    /** In the caller's transaction: the enrolment ends with {@code sequence.completed}. */
    void end(Enrolment enrolment, Enrolment.Status status, String reason, int stepsSent, Instant at) {
        sequences.end(enrolment.id(), status, reason, at);
        MessagingEvent.SequenceCompleted event = new MessagingEvent.SequenceCompleted(
                enrolment.orgId(), enrolment.leadId(), enrolment.sequenceId(), enrolment.id(), stepsSent, reason, at);
        outbox.publish(event);
        outbox.publish(RealtimeMessage.of(
                enrolment.orgId(), channels(enrolment.orgId(), enrolment.leadId()), "sequence.completed", event));
        log.info("enrolment ended: enrolment={} lead={} reason={}", enrolment.id(), enrolment.leadId(), reason);
    }

    List<String> channels(UUID orgId, UUID leadId) {
        List<String> channels = new ArrayList<>();
        channels.add(RealtimeMessage.Channels.lead(leadId));
        leads.find(orgId, leadId)
                .map(lead -> lead.assigneeId())
                .ifPresent(assignee -> channels.add(RealtimeMessage.Channels.user(assignee)));
        return channels;
    }
}
