package io.leadpulse.lead.enrichment;

import io.leadpulse.platform.events.EnrichmentEvent;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes only the enrichment columns: the lead's version and updated time are the users' edits. */
@Repository
class LeadEnrichmentRepository {

    private final JdbcClient jdbc;

    LeadEnrichmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean geo(EnrichmentEvent.LeadEnriched e) {
        return jdbc.sql("""
                        update lead set latitude = :lat, longitude = :lon, timezone = :tz, city = :city,
                            region = :region, country = :country, enrichment_source = :source, enriched_at = :at
                        where org_id = :org and id = :lead and (enriched_at is null or enriched_at <= :at)
                        """)
                        .param("lat", e.latitude())
                        .param("lon", e.longitude())
                        .param("tz", e.timezone())
                        .param("city", e.city())
                        .param("region", e.region())
                        .param("country", e.country())
                        .param("source", e.source())
                        .param("at", Timestamp.from(e.enrichedAt()))
                        .param("org", e.orgId())
                        .param("lead", e.leadId())
                        .update()
                == 1;
    }

    boolean firstLine(EnrichmentEvent.LeadPersonalized p) {
        return jdbc.sql("""
                        update lead set first_line = :line, first_line_source = :source, personalized_at = :at
                        where org_id = :org and id = :lead and (personalized_at is null or personalized_at <= :at)
                        """)
                        .param("line", p.firstLine())
                        .param("source", p.source())
                        .param("at", Timestamp.from(p.personalizedAt()))
                        .param("org", p.orgId())
                        .param("lead", p.leadId())
                        .update()
                == 1;
    }
}
