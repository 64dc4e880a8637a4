package io.leadpulse.notification.directory;

import java.util.UUID;

/**
 * A person as this service knows them from {@code user.created} / {@code user.updated}.
 *
 * @param phone their own mobile number in E.164, null when none (or an event older than the field)
 * @param smsConsent they themself agreed to be texted at {@code phone}
 */
public record DirectoryUser(
        UUID userId,
        UUID orgId,
        String name,
        String email,
        String role,
        boolean active,
        String phone,
        boolean smsConsent) {

    public DirectoryUser(UUID userId, UUID orgId, String name, String email, String role, boolean active) {
        this(userId, orgId, name, email, role, active, null, false);
    }

    public boolean isAdmin() {
        return "ADMIN".equals(role);
    }

    /** Whether this person may be texted: active, with a number and their own consent to it. */
    public boolean textable() {
        return active && smsConsent && phone != null;
    }
}
