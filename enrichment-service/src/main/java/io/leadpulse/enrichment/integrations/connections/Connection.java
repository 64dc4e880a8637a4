package io.leadpulse.enrichment.integrations.connections;

import java.time.Instant;
import java.util.UUID;

/**
 * A connection to an external platform, without its tokens (they stay sealed in the repository).
 *
 * @param status {@code CONNECTED}, {@code NEEDS_REAUTH} or {@code DISCONNECTED}
 * @param statusReason why it is not connected (the platform's error), or null
 * @param externalAccount the platform's account (GoHighLevel: the location id)
 * @param expiresAt when the access token expires
 */
public record Connection(
        UUID id,
        UUID orgId,
        String provider,
        String status,
        String statusReason,
        UUID connectedBy,
        String externalAccount,
        String scope,
        Instant expiresAt,
        Instant connectedAt,
        Instant updatedAt) {

    public static final String CONNECTED = "CONNECTED";
    public static final String NEEDS_REAUTH = "NEEDS_REAUTH";
    public static final String DISCONNECTED = "DISCONNECTED";

    public boolean connected() {
        return CONNECTED.equals(status);
    }
}
