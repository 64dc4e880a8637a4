package io.leadpulse.realtime.auth;

import java.util.UUID;

/**
 * Who asks to subscribe, from the JWT.
 *
 * @param authorization the caller's own {@code Authorization} header, passed on to lead-service
 */
public record Caller(UUID userId, UUID orgId, String role, String name, String authorization) {}
