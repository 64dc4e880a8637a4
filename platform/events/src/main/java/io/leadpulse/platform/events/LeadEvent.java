package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything lead-service tells the other services about one lead, keyed by the lead id so one
 * lead's events stay in order. Status and assignee values are the names lead-service uses
 * ({@code NEW, CONTACTED, REPLIED, HOT, WON, PAID, LOST}); consumers treat unknown values as opaque.
 */
@EventContext(topic = Topics.LEAD_EVENTS)
public sealed interface LeadEvent extends DomainEvent {

    UUID leadId();

    @Override
    default String subject() {
        return leadId().toString();
    }

    @EventType("lead.created")
    record LeadCreated(
            UUID orgId,
            UUID leadId,
            String firstName,
            String lastName,
            String email,
            String phone,
            String company,
            String status,
            UUID assigneeId,
            List<String> tags,
            String source,
            UUID createdBy,
            Instant createdAt)
            implements LeadEvent {}

    /**
     * The lead's contact fields after a change, with the names of the fields that changed
     * ({@code firstName, lastName, email, phone, company, tags, notes...}). Assignment and status
     * have their own events.
     */
    @EventType("lead.updated")
    record LeadUpdated(
            UUID orgId,
            UUID leadId,
            String firstName,
            String lastName,
            String email,
            String phone,
            String company,
            List<String> tags,
            List<String> changedFields,
            UUID updatedBy,
            Instant updatedAt)
            implements LeadEvent {}

    /** The lead changed hands; {@code assigneeId} null means unassigned. */
    @EventType("lead.assigned")
    record LeadAssigned(
            UUID orgId, UUID leadId, UUID previousAssigneeId, UUID assigneeId, UUID assignedBy, Instant assignedAt)
            implements LeadEvent {}

    /** A move in the pipeline; {@code changedBy} null means the system (a rule, a payment, a reply). */
    @EventType("lead.status_changed")
    record LeadStatusChanged(
            UUID orgId,
            UUID leadId,
            String from,
            String to,
            UUID assigneeId,
            UUID changedBy,
            String reason,
            Instant changedAt)
            implements LeadEvent {}

    @EventType("lead.deleted")
    record LeadDeleted(UUID orgId, UUID leadId, UUID deletedBy, Instant deletedAt) implements LeadEvent {}

    /**
     * An appointment was booked or moved: the same {@code appointmentId} with a new time replaces
     * the old one.
     *
     * @param kind {@code CALL} or {@code MEETING}
     */
    @EventType("lead.appointment_scheduled")
    record AppointmentScheduled(
            UUID orgId,
            UUID leadId,
            UUID appointmentId,
            UUID assigneeId,
            String kind,
            String title,
            Instant startsAt,
            Instant endsAt,
            UUID scheduledBy,
            Instant scheduledAt)
            implements LeadEvent {}

    @EventType("lead.appointment_cancelled")
    record AppointmentCancelled(UUID orgId, UUID leadId, UUID appointmentId, UUID cancelledBy, Instant cancelledAt)
            implements LeadEvent {}

    @EventType("lead.task_created")
    record TaskCreated(
            UUID orgId,
            UUID leadId,
            UUID taskId,
            UUID assigneeId,
            String title,
            Instant dueAt,
            UUID createdBy,
            Instant createdAt)
            implements LeadEvent {}

    @EventType("lead.task_completed")
    record TaskCompleted(UUID orgId, UUID leadId, UUID taskId, UUID completedBy, Instant completedAt)
            implements LeadEvent {}

    /**
     * The lead opened or used its preview page. {@code kind} is {@code VIEW}, {@code CTA_CLICK} or
     * {@code QUOTE_ACCEPTED}; {@code views} counts the page's views so far.
     */
    @EventType("lead.preview_engaged")
    record PreviewEngaged(
            UUID orgId,
            UUID leadId,
            UUID assigneeId,
            String kind,
            int views,
            double engagementScore,
            Instant occurredAt)
            implements LeadEvent {}

    /** {@code views} views within {@code windowMinutes} made the lead hot; it joined the call queue. */
    @EventType("lead.became_hot")
    record LeadBecameHot(UUID orgId, UUID leadId, UUID assigneeId, int views, int windowMinutes, Instant becameHotAt)
            implements LeadEvent {}

    /**
     * A rep finished a call from the call queue.
     *
     * @param outcome {@code CONNECTED}, {@code NO_ANSWER} or {@code VOICEMAIL}
     */
    @EventType("lead.call_completed")
    record CallCompleted(
            UUID orgId, UUID leadId, UUID repId, String outcome, int durationSeconds, String notes, Instant completedAt)
            implements LeadEvent {}
}
