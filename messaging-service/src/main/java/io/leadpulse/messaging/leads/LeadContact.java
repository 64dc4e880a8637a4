package io.leadpulse.messaging.leads;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What messaging knows about a lead, from lead.events (and enrichment.events for {@code timezone}
 * and {@code firstLine}, null until enrichment tells them). Phone is E.164 as lead-service stores
 * it; {@code source} is lead.created's ({@code import}, {@code api}...).
 */
public record LeadContact(
        UUID leadId,
        UUID orgId,
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        UUID assigneeId,
        String status,
        String source,
        List<String> tags,
        String timezone,
        String firstLine,
        Instant createdAt) {

    public LeadContact {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The lead's own timezone when enrichment found a valid one. */
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(timezone).map(ZoneId::of);
    }
}
