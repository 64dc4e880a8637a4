package io.leadpulse.lead.enrichment;

import io.leadpulse.platform.events.EnrichmentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Applies enrichment-service's findings to the lead row; an older finding never replaces a newer one. */
@Service
class LeadEnrichments {

    private static final Logger log = LoggerFactory.getLogger(LeadEnrichments.class);

    private final LeadEnrichmentRepository rows;

    LeadEnrichments(LeadEnrichmentRepository rows) {
        this.rows = rows;
    }

    void apply(EnrichmentEvent event) {
        boolean applied = switch (event) {
            case EnrichmentEvent.LeadEnriched e -> rows.geo(e);
            case EnrichmentEvent.LeadPersonalized p -> rows.firstLine(p);
        };
        log.info(
                "enrichment {}: org={} lead={}",
                applied ? "stored" : "ignored (older, or lead unknown)",
                event.orgId(),
                event.leadId());
    }
}
