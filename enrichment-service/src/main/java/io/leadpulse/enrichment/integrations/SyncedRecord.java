package io.leadpulse.enrichment.integrations;

import java.time.Instant;
import java.util.List;

/** One record of a platform page, in our words; the sync turns each into an event. */
public sealed interface SyncedRecord {

    String externalId();

    /** The platform's last change of the record; null when it does not say. */
    Instant updatedAt();

    record Contact(
            String externalId,
            String firstName,
            String lastName,
            String email,
            String phone,
            String company,
            List<String> tags,
            Instant updatedAt)
            implements SyncedRecord {}

    /** @param amountMinor the amount in the currency's minor units */
    record Transaction(
            String externalId,
            long amountMinor,
            String currency,
            String status,
            String contactExternalId,
            String contactEmail,
            String contactPhone,
            Instant occurredAt,
            Instant updatedAt)
            implements SyncedRecord {}
}
