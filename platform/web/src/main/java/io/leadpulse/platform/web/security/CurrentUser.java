package io.leadpulse.platform.web.security;

import java.util.UUID;

/**
 * The authenticated caller, from the JWT. Controllers take it as a parameter; every query a
 * service runs is scoped by its {@link #orgId()}.
 */
public record CurrentUser(UUID id, UUID orgId, Role role, String name, String email) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
