package io.leadpulse.lead.appointments;

import io.leadpulse.lead.leads.Assignees;
import io.leadpulse.lead.leads.Lead;
import io.leadpulse.lead.leads.LeadAudience;
import io.leadpulse.lead.leads.LeadService;
import io.leadpulse.lead.timeline.Timeline;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Books, moves and cancels appointments on leads. Who may see and change one: an ADMIN of the
 * organisation, the user holding it, and whoever may see its lead. Every change is written with
 * its event, its realtime message (the lead's audience and the appointment's holder) and a
 * timeline entry, in one transaction.
 */
@Service
public class AppointmentService {

    private static final Logger log = LoggerFactory.getLogger(AppointmentService.class);
    static final Duration MAX_RANGE = Duration.ofDays(92);
    static final int MAX_LIST = 500;

    private final AppointmentRepository appointments;
    private final LeadService leads;
    private final Assignees assignees;
    private final LeadAudience audience;
    private final Outbox outbox;
    private final Timeline timeline;

    AppointmentService(
            AppointmentRepository appointments,
            LeadService leads,
            Assignees assignees,
            LeadAudience audience,
            Outbox outbox,
            Timeline timeline) {
        this.appointments = appointments;
        this.leads = leads;
        this.assignees = assignees;
        this.audience = audience;
        this.outbox = outbox;
        this.timeline = timeline;
    }

    /** What a caller asks to book. */
    public record NewAppointment(
            UUID leadId, Appointment.Kind kind, String title, Instant startsAt, Instant endsAt, UUID assigneeId) {}

    /** A move: null fields stay as they are. */
    public record Move(String title, Instant startsAt, Instant endsAt, UUID assigneeId) {}

    @Transactional
    public Appointment schedule(CurrentUser actor, NewAppointment request) {
        Lead lead =
                leads.find(actor, request.leadId()).orElseThrow(() -> ApiProblem.notFound("Lead " + request.leadId()));
        Instant startsAt = micros(request.startsAt());
        Instant endsAt = micros(request.endsAt());
        checkTimes(startsAt, endsAt);
        UUID assignee = assignees.resolve(actor, request.assigneeId(), lead.assigneeId());
        Instant now = micros(Instant.now());
        Appointment appointment = new Appointment(
                UUID.randomUUID(),
                actor.orgId(),
                lead.id(),
                request.kind(),
                request.title().trim(),
                startsAt,
                endsAt,
                assignee,
                Appointment.SCHEDULED,
                actor.id(),
                now,
                now,
                null);
        appointments.insert(appointment);
        publishScheduled(actor.id(), lead, appointment, null, false, now);
        return appointment;
    }

    @Transactional
    public Appointment move(CurrentUser actor, UUID id, Move move) {
        Appointment current = lockVisible(actor, id);
        if (current.cancelled()) {
            throw ApiProblem.conflict("Appointment " + id + " is cancelled; book a new one instead.");
        }
        Instant startsAt = move.startsAt() == null ? current.startsAt() : micros(move.startsAt());
        Instant endsAt = move.endsAt() == null ? current.endsAt() : micros(move.endsAt());
        if (move.startsAt() != null && move.endsAt() == null && current.endsAt() != null) {
            // Moving the start keeps the length.
            endsAt = startsAt.plus(Duration.between(current.startsAt(), current.endsAt()));
        }
        checkTimes(startsAt, endsAt);
        Lead lead = lead(current);
        UUID assignee = move.assigneeId() == null
                ? current.assigneeId()
                : assignees.resolve(actor, move.assigneeId(), current.assigneeId());
        String title = move.title() == null ? current.title() : move.title().trim();
        if (Objects.equals(startsAt, current.startsAt())
                && Objects.equals(endsAt, current.endsAt())
                && assignee.equals(current.assigneeId())
                && title.equals(current.title())) {
            return current;
        }
        Instant now = micros(Instant.now());
        Appointment moved = new Appointment(
                current.id(),
                current.orgId(),
                current.leadId(),
                current.kind(),
                title,
                startsAt,
                endsAt,
                assignee,
                Appointment.SCHEDULED,
                current.createdBy(),
                current.createdAt(),
                now,
                null);
        appointments.update(moved);
        publishScheduled(actor.id(), lead, moved, current.assigneeId(), true, now);
        return moved;
    }

    /** Cancels; cancelling a cancelled appointment changes nothing. */
    @Transactional
    public Appointment cancel(CurrentUser actor, UUID id) {
        Appointment current = lockVisible(actor, id);
        if (current.cancelled()) {
            return current;
        }
        Instant now = micros(Instant.now());
        Appointment cancelled = new Appointment(
                current.id(),
                current.orgId(),
                current.leadId(),
                current.kind(),
                current.title(),
                current.startsAt(),
                current.endsAt(),
                current.assigneeId(),
                Appointment.CANCELLED,
                current.createdBy(),
                current.createdAt(),
                now,
                now);
        appointments.update(cancelled);
        Lead lead = lead(current);
        outbox.publish(new LeadEvent.AppointmentCancelled(
                cancelled.orgId(), cancelled.leadId(), cancelled.id(), actor.id(), now));
        outbox.publish(RealtimeMessage.of(
                cancelled.orgId(), channels(lead, cancelled, null), "lead.appointment_cancelled", cancelled));
        timeline.record(
                cancelled.orgId(),
                cancelled.leadId(),
                "lead.appointment_cancelled",
                actor.id(),
                now,
                Map.of("appointmentId", cancelled.id().toString(), "title", cancelled.title()));
        log.info("appointment cancelled: appointment={} lead={} org={}", id, cancelled.leadId(), cancelled.orgId());
        return cancelled;
    }

    @Transactional(readOnly = true)
    public Optional<Appointment> find(CurrentUser actor, UUID id) {
        return appointments.find(actor.orgId(), id).filter(a -> maySee(actor, a));
    }

    /** Every appointment of a lead the actor may see (cancelled ones too), by start time. */
    @Transactional(readOnly = true)
    public Optional<List<Appointment>> forLead(CurrentUser actor, UUID leadId) {
        return leads.find(actor, leadId).map(lead -> appointments.forLead(actor.orgId(), lead.id()));
    }

    /**
     * Appointments starting in [from, to): a REP's own; an ADMIN's whole organisation, or one
     * user's when {@code assigneeId} is given.
     */
    @Transactional(readOnly = true)
    public List<Appointment> inRange(
            CurrentUser actor, UUID assigneeId, Instant from, Instant to, boolean withCancelled) {
        if (!to.isAfter(from)) {
            throw ApiProblem.invalidField("to", "must be after from");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiProblem.invalidField("to", "must be at most " + MAX_RANGE.toDays() + " days after from");
        }
        UUID assignee = actor.isAdmin() ? assigneeId : actor.id();
        if (!actor.isAdmin() && assigneeId != null && !assigneeId.equals(actor.id())) {
            throw ApiProblem.invalidField("assigneeId", "a rep sees only its own appointments");
        }
        return appointments.inRange(actor.orgId(), assignee, from, to, withCancelled, MAX_LIST);
    }

    private void publishScheduled(
            UUID actorId, Lead lead, Appointment appointment, UUID previousAssignee, boolean moved, Instant now) {
        outbox.publish(new LeadEvent.AppointmentScheduled(
                appointment.orgId(),
                appointment.leadId(),
                appointment.id(),
                appointment.assigneeId(),
                appointment.kind().name(),
                appointment.title(),
                appointment.startsAt(),
                appointment.endsAt(),
                actorId,
                now));
        outbox.publish(RealtimeMessage.of(
                appointment.orgId(),
                channels(lead, appointment, previousAssignee),
                "lead.appointment_scheduled",
                appointment));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("appointmentId", appointment.id().toString());
        data.put("kind", appointment.kind().name());
        data.put("title", appointment.title());
        data.put("startsAt", appointment.startsAt().toString());
        if (appointment.endsAt() != null) {
            data.put("endsAt", appointment.endsAt().toString());
        }
        data.put("assigneeId", appointment.assigneeId().toString());
        data.put("moved", moved);
        timeline.record(appointment.orgId(), appointment.leadId(), "lead.appointment_scheduled", actorId, now, data);
        log.info(
                "appointment {}: appointment={} lead={} org={} assignee={}",
                moved ? "moved" : "scheduled",
                appointment.id(),
                appointment.leadId(),
                appointment.orgId(),
                appointment.assigneeId());
    }

    private List<String> channels(Lead lead, Appointment appointment, UUID previousAssignee) {
        return audience.forOrg(appointment.orgId())
                .channels(appointment.leadId(), lead.assigneeId(), appointment.assigneeId(), previousAssignee);
    }

    private Appointment lockVisible(CurrentUser actor, UUID id) {
        return appointments
                .lock(actor.orgId(), id)
                .filter(a -> maySee(actor, a))
                .orElseThrow(() -> ApiProblem.notFound("Appointment " + id));
    }

    private boolean maySee(CurrentUser actor, Appointment appointment) {
        return actor.isAdmin()
                || actor.id().equals(appointment.assigneeId())
                || leads.find(actor, appointment.leadId()).isPresent();
    }

    private Lead lead(Appointment appointment) {
        return leads.findInOrg(appointment.orgId(), appointment.leadId())
                .orElseThrow(() -> ApiProblem.notFound("Lead " + appointment.leadId()));
    }

    private static void checkTimes(Instant startsAt, Instant endsAt) {
        if (endsAt != null && !endsAt.isAfter(startsAt)) {
            throw ApiProblem.invalidField("endsAt", "must be after startsAt");
        }
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
