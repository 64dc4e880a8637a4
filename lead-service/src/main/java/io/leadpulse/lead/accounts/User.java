package io.leadpulse.lead.accounts;

import io.leadpulse.platform.web.security.Role;
import java.util.UUID;

/** A person who logs in, in exactly one organisation. */
public record User(UUID id, UUID orgId, String email, String name, Role role, boolean active) {}
