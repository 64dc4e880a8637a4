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
    public Sequence create(CurrentUser user, String name, List<Step> steps) {
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
        Sequence sequence =
                new Sequence(UUID.randomUUID(), user.orgId(), name, List.copyOf(steps), user.id(), clock.instant());
        sequences.insert(sequence);
        log.info("sequence created: org={} sequence={} steps={}", user.orgId(), sequence.id(), steps.size());
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
        Instant now = clock.instant();
        Enrolment enrolment = new Enrolment(
                UUID.randomUUID(),
                user.orgId(),
                sequenceId,
                leadId,
                Enrolment.Status.ACTIVE,
                1,
                now.plus(sequence.steps().getFirst().delay()),
                null,
                user.id(),
                now);
        if (!sequences.enrol(enrolment, now)) {
            throw new SequenceRejected(
                    SequenceRejected.Reason.ALREADY_ENROLLED,
                    "leadId",
                    "the lead is already enrolled in this sequence");
        }
        log.info(
                "lead enrolled: org={} sequence={} lead={} enrolment={}",
                user.orgId(),
                sequenceId,
                leadId,
                enrolment.id());
        return enrolment;
    }

    public List<Enrolment> enrolments(CurrentUser user, UUID sequenceId) {
        return sequences.enrolments(user.orgId(), sequenceId);
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
