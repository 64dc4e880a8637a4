package io.leadpulse.notification.directory;

import java.util.UUID;

/** A person as this service knows them from {@code user.created} / {@code user.updated}. */
public record DirectoryUser(UUID userId, UUID orgId, String name, String email, String role, boolean active) {

    public boolean isAdmin() {
        return "ADMIN".equals(role);
    }
}
