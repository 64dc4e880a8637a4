package io.leadpulse.lead.leads;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A partial update: only the fields named in {@code present} change; a present null clears the
 * field (firstName cannot be cleared).
 *
 * @param expectedVersion the version the caller last saw, or null to update whatever is current
 * @param versionFromHeader whether it came as {@code If-Match} (a stale one is then 412, else 409)
 */
public record LeadChanges(
        Set<String> present,
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        List<String> tags,
        UUID assigneeId,
        Long expectedVersion,
        boolean versionFromHeader) {

    public static final Set<String> FIELDS =
            Set.of("firstName", "lastName", "email", "phone", "company", "tags", "assigneeId");

    public LeadChanges {
        present = Set.copyOf(present);
    }

    boolean has(String field) {
        return present.contains(field);
    }
}
