package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What enrichment-service learns about a lead, keyed by lead id on {@code enrichment.events}.
 * lead-service shows it on the lead and its timeline; messaging-service uses the timezone for
 * quiet hours and the first line in templates. Each is the lead's current enrichment as a whole
 * (not a delta), so a consumer simply keeps the newest by {@code enrichedAt} /
 * {@code personalizedAt}.
 */
@EventContext(topic = Topics.ENRICHMENT_EVENTS)
public sealed interface EnrichmentEvent extends DomainEvent {

    UUID orgId();

    UUID leadId();

    @Override
    default String subject() {
        return leadId().toString();
    }

    /**
     * Where the lead is. Every field but the ids, {@code source} and {@code enrichedAt} may be
     * null when the provider could not tell it.
     *
     * @param timezone an IANA zone id, for example {@code America/Chicago}
     * @param country ISO 3166-1 alpha-2, for example {@code US}
     * @param source the provider that answered, for example {@code serpapi} or {@code offline}
     */
    @EventType("lead.enriched")
    record LeadEnriched(
            UUID orgId,
            UUID leadId,
            Double latitude,
            Double longitude,
            String timezone,
            String city,
            String region,
            String country,
            String source,
            Instant enrichedAt)
            implements EnrichmentEvent {}

    /**
     * An opening line written for this lead, for templates ({@code {{firstLine}}}).
     *
     * @param source the provider that wrote it, for example {@code openai} or {@code template}
     */
    @EventType("lead.personalized")
    record LeadPersonalized(UUID orgId, UUID leadId, String firstLine, String source, Instant personalizedAt)
            implements EnrichmentEvent {}
}
