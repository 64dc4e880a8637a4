package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The people of an organisation, as lead-service (which owns logins) tells the other services,
 * keyed by user id on {@code lead.events}: who may be notified, who counts as an admin, whose name
 * a screen shows. {@code role} is {@code ADMIN} or {@code REP}; an inactive user can no longer
 * log in and should no longer be told anything.
 *
 * <p>{@code phone} (E.164, null when none) and {@code smsConsent} (the person themself agreed to be
 * texted at that number) were added later: events written before them decode with {@code null} and
 * {@code false}, i.e. "do not text".
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
            UUID orgId,
            UUID userId,
            String name,
            String email,
            String role,
            boolean active,
            Instant createdAt,
            String phone,
            boolean smsConsent)
            implements AccountEvent {

        /** A user with no mobile number (the shape before {@code phone} and {@code smsConsent}). */
        public UserCreated(
                UUID orgId, UUID userId, String name, String email, String role, boolean active, Instant createdAt) {
            this(orgId, userId, name, email, role, active, createdAt, null, false);
        }
    }

    /**
     * The user after a change, with the names of the fields that changed ({@code name, role, active,
     * phone, smsConsent}).
     */
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
            Instant updatedAt,
            String phone,
            boolean smsConsent)
            implements AccountEvent {

        /** A user with no mobile number (the shape before {@code phone} and {@code smsConsent}). */
        public UserUpdated(
                UUID orgId,
                UUID userId,
                String name,
                String email,
                String role,
                boolean active,
                List<String> changedFields,
                UUID updatedBy,
                Instant updatedAt) {
            this(orgId, userId, name, email, role, active, changedFields, updatedBy, updatedAt, null, false);
        }
    }
}
