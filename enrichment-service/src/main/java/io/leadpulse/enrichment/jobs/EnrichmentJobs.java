package io.leadpulse.enrichment.jobs;

import io.leadpulse.enrichment.leads.Directory;
import io.leadpulse.enrichment.leads.LeadProfile;
import io.leadpulse.enrichment.providers.FirstLine;
import io.leadpulse.enrichment.providers.GeoAnswer;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.EnrichmentEvent;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The enrichment jobs: asked for by lead events, settled by the worker. Each settled part is
 * written with its event ({@code lead.enriched}, {@code lead.personalized}) and its realtime
 * message in one transaction, and only by the job's current generation, so each lead is enriched
 * once per change of its inputs however often the work is retried.
 */
@Service
public class EnrichmentJobs {

    private static final Logger log = LoggerFactory.getLogger(EnrichmentJobs.class);

    /** Fields of lead.updated that change where a lead is (lead-service may add address fields). */
    private static final Set<String> GEO_INPUTS =
            Set.of("phone", "company", "address", "street", "city", "region", "postalCode", "country");
    /** Fields that change what the first line says. */
    private static final Set<String> FIRST_LINE_INPUTS = Set.of("firstName", "company");

    private final EnrichmentJobRepository jobs;
    private final Directory directory;
    private final Outbox outbox;
    private final Clock clock;

    EnrichmentJobs(EnrichmentJobRepository jobs, Directory directory, Outbox outbox, Clock clock) {
        this.jobs = jobs;
        this.directory = directory;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Turns a lead event into work; runs inside the idempotent consumer's transaction. */
    public void on(LeadEvent event) {
        Instant now = clock.instant();
        switch (event) {
            case LeadEvent.LeadCreated c -> {
                if (jobs.insert(c.orgId(), c.leadId(), now)) {
                    log.info("enrichment requested: org={} lead={}", c.orgId(), c.leadId());
                }
            }
            case LeadEvent.LeadUpdated u -> {
                List<String> changed = u.changedFields() == null ? List.of() : u.changedFields();
                boolean geo = changed.stream().anyMatch(GEO_INPUTS::contains);
                boolean firstLine = changed.stream().anyMatch(FIRST_LINE_INPUTS::contains);
                if (geo || firstLine) {
                    if (jobs.insert(u.orgId(), u.leadId(), now)) {
                        log.info("enrichment requested by an update: org={} lead={}", u.orgId(), u.leadId());
                    } else {
                        jobs.redo(u.orgId(), u.leadId(), geo, firstLine, now);
                        log.info(
                                "enrichment asked again: org={} lead={} geo={} firstLine={}",
                                u.orgId(),
                                u.leadId(),
                                geo,
                                firstLine);
                    }
                }
            }
            case LeadEvent.LeadDeleted d -> jobs.cancel(d.orgId(), d.leadId(), now);
            default -> {
                // nothing else changes what enrichment does
            }
        }
    }

    /** Settles the geo part; false when the job moved on meanwhile (nothing written, nothing sent). */
    boolean settleGeo(EnrichmentJob job, LeadProfile lead, GeoAnswer answer) {
        Instant at = clock.instant();
        if (!answer.found()) {
            boolean settled = jobs.completeGeo(job, "SKIPPED", null, answer.skipReason(), at);
            if (settled) {
                log.info("geo skipped: org={} lead={} reason={}", job.orgId(), job.leadId(), answer.skipReason());
            }
            return settled;
        }
        var place = answer.place();
        if (!jobs.completeGeo(job, "DONE", place, null, at)) {
            return false;
        }
        var event = new EnrichmentEvent.LeadEnriched(
                job.orgId(),
                job.leadId(),
                place.latitude(),
                place.longitude(),
                place.timezone(),
                place.city(),
                place.region(),
                place.country(),
                place.source(),
                at);
        outbox.publish(event);
        outbox.publish(RealtimeMessage.of(job.orgId(), directory.audience(lead), "lead.enriched", event));
        log.info("lead enriched: org={} lead={} source={}", job.orgId(), job.leadId(), place.source());
        return true;
    }

    boolean settleFirstLine(EnrichmentJob job, LeadProfile lead, FirstLine line) {
        Instant at = clock.instant();
        if (!jobs.completeFirstLine(job, "DONE", line.text(), line.source(), at)) {
            return false;
        }
        var event = new EnrichmentEvent.LeadPersonalized(job.orgId(), job.leadId(), line.text(), line.source(), at);
        outbox.publish(event);
        outbox.publish(RealtimeMessage.of(job.orgId(), directory.audience(lead), "lead.personalized", event));
        log.info("lead personalized: org={} lead={} source={}", job.orgId(), job.leadId(), line.source());
        return true;
    }

    void finishIfSettled(EnrichmentJob job) {
        jobs.finishIfSettled(job, clock.instant());
    }

    /** The lead's enrichment if the caller may see the lead; another org's lead is not found. */
    public Optional<EnrichmentJob> visibleTo(CurrentUser user, UUID leadId) {
        return directory.visibleTo(user, leadId).flatMap(lead -> jobs.find(leadId));
    }
}
