package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The people of an organisation, as lead-service (which owns logins) tells the other services,
 * keyed by user id on {@code lead.events}: who may be notified, who counts as an admin, whose name
 * a screen shows. {@code role} is {@code ADMIN} or {@code REP}; an inactive user can no longer
 * log in and should no longer be told anything.
 */
@EventContext(topic = Topics.LEAD_EVENTS)
public sealed interface AccountEvent extends DomainEvent {

    UUID userId();

    @Override
    default String subject() {
        return userId().toString();
    }

    @EventType("user.created")
    record UserCreated(
            UUID orgId, UUID userId, String name, String email, String role, boolean active, Instant createdAt)
            implements AccountEvent {}

    /** The user after a change, with the names of the fields that changed ({@code name, role, active}). */
    @EventType("user.updated")
    record UserUpdated(
            UUID orgId,
            UUID userId,
            String name,
            String email,
            String role,
            boolean active,
            List<String> changedFields,
            UUID updatedBy,
            Instant updatedAt)
            implements AccountEvent {}
}
