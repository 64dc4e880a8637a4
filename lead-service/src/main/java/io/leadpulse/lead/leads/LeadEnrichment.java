package io.leadpulse.lead.leads;

import java.time.Instant;

/**
 * What enrichment-service found about a lead ({@code lead.enriched}, {@code lead.personalized});
 * any field may be null until it is known.
 *
 * @param timezone an IANA zone id
 * @param country ISO 3166-1 alpha-2
 * @param source the geo provider ({@code serpapi}, {@code offline})
 * @param firstLineSource the writer of the first line ({@code openai}, {@code template})
 */
public record LeadEnrichment(
        Double latitude,
        Double longitude,
        String timezone,
        String city,
        String region,
        String country,
        String source,
        Instant enrichedAt,
        String firstLine,
        String firstLineSource,
        Instant personalizedAt) {}
