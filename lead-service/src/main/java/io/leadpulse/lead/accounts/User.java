package io.leadpulse.lead.accounts;

import io.leadpulse.platform.web.security.Role;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A person who logs in, in exactly one organisation.
 *
 * @param phone their own mobile number in E.164, for SMS notifications; null when none
 * @param smsConsent they themself agreed to be texted at {@code phone}
 * @param smsConsentAt when they gave the consent they have now; null without consent
 */
public record User(
        UUID id,
        UUID orgId,
        String email,
        String name,
        Role role,
        boolean active,
        String phone,
        boolean smsConsent,
        Instant smsConsentAt) {

    /** The user as a colleague sees them: no mobile number, no consent (those are for them and the admins). */
    public User withoutPhone() {
        return new User(id, orgId, email, name, role, active, null, false, null);
    }

    /** What the org channel is told: who the person is, never their number. */
    Map<String, Object> publicView() {
        return Map.of("id", id, "orgId", orgId, "email", email, "name", name, "role", role.name(), "active", active);
    }
}
