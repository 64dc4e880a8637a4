package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What enrichment-service's external platform sync (F8) brings in from a connected platform
 * (GoHighLevel-shaped), on {@code integration.events}. Synced records are keyed by
 * {@code provider:externalId}, so one external record's versions stay in order.
 *
 * <p>{@code syncId} is deterministic: the same (connection, external id, external update time)
 * always gives the same id, however often a page is fetched again (a crash before the cursor
 * committed, a reconciliation). Consumers dedupe on it rather than on the envelope id.
 */
@EventContext(topic = Topics.INTEGRATION_EVENTS)
public sealed interface IntegrationEvent extends DomainEvent {

    UUID orgId();

    UUID connectionId();

    String provider();

    /**
     * A contact of the external platform as it stands at {@code externalUpdatedAt}; lead-service
     * upserts a lead from it. Any field but the ids may be null.
     *
     * @param provider the platform, for example {@code highlevel}
     * @param externalId the platform's contact id
     * @param email as the platform has it (not normalised)
     * @param phone as the platform has it (not normalised)
     * @param externalUpdatedAt the platform's last change of the contact
     * @param syncId deterministic per (connection, externalId, externalUpdatedAt): dedupe on it
     */
    @EventType("integration.contact_synced")
    record ContactSynced(
            UUID orgId,
            UUID connectionId,
            String provider,
            String externalId,
            String firstName,
            String lastName,
            String email,
            String phone,
            String company,
            List<String> tags,
            Instant externalUpdatedAt,
            UUID syncId)
            implements IntegrationEvent {
        @Override
        public String subject() {
            return provider + ":" + externalId;
        }
    }

    /**
     * A payment taken on the external platform; billing-service records it once (by provider and
     * external id) as one-off revenue.
     *
     * @param amountMinor the amount in the currency's minor units (cents)
     * @param currency ISO 4217, upper case
     * @param status the platform's status, for example {@code succeeded}
     * @param contactExternalId the platform's contact id, when the payment names one
     * @param contactEmail / contactPhone the payer as the platform has them, to find the lead by
     * @param occurredAt when the payment was taken
     * @param syncId deterministic per (connection, externalId, externalUpdatedAt): dedupe on it
     */
    @EventType("integration.transaction_synced")
    record TransactionSynced(
            UUID orgId,
            UUID connectionId,
            String provider,
            String externalId,
            long amountMinor,
            String currency,
            String status,
            String contactExternalId,
            String contactEmail,
            String contactPhone,
            Instant occurredAt,
            Instant externalUpdatedAt,
            UUID syncId)
            implements IntegrationEvent {
        @Override
        public String subject() {
            return provider + ":" + externalId;
        }
    }

    /**
     * The platform revoked the connection's refresh token (an {@code invalid_grant}): the
     * connection stopped syncing until an admin connects it again.
     *
     * @param connectedBy the user who connected it (to be told, with the org's admins)
     * @param reason what the platform said
     */
    @EventType("integration.needs_reauth")
    record ConnectionNeedsReauth(
            UUID orgId, UUID connectionId, String provider, UUID connectedBy, String reason, Instant at)
            implements IntegrationEvent {
        @Override
        public String subject() {
            return connectionId.toString();
        }
    }
}
