package io.leadpulse.enrichment.jobs;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A lead's enrichment as it stands: what was found, or what is waiting and why. */
@RestController
class EnrichmentController {

    private final EnrichmentJobs jobs;

    EnrichmentController(EnrichmentJobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/enrichment/leads/{leadId}")
    EnrichmentView get(CurrentUser user, @PathVariable UUID leadId) {
        return jobs.visibleTo(user, leadId)
                .map(EnrichmentView::of)
                .orElseThrow(() -> ApiProblem.notFound("Enrichment of lead " + leadId));
    }

    /**
     * @param status {@code PENDING}, {@code DONE} or {@code CANCELLED}
     * @param nextAttemptAt when a pending job is next tried (null once done)
     * @param lastError why the last try did not finish (provider unavailable, rate limited, bad answer)
     */
    record EnrichmentView(
            UUID leadId,
            String status,
            int attempts,
            Instant requestedAt,
            Instant nextAttemptAt,
            Instant completedAt,
            String lastError,
            Geo geo,
            FirstLine firstLine) {

        /** @param note why geo was skipped */
        record Geo(
                String status,
                String note,
                Double latitude,
                Double longitude,
                String timezone,
                String city,
                String region,
                String country,
                String source,
                Instant enrichedAt) {}

        record FirstLine(String status, String text, String source, Instant personalizedAt) {}

        static EnrichmentView of(EnrichmentJob job) {
            var place = job.place();
            return new EnrichmentView(
                    job.leadId(),
                    job.status(),
                    job.attempts(),
                    job.requestedAt(),
                    "PENDING".equals(job.status()) ? job.nextAttemptAt() : null,
                    job.completedAt(),
                    job.lastError(),
                    new Geo(
                            job.geoStatus(),
                            job.geoNote(),
                            place == null ? null : place.latitude(),
                            place == null ? null : place.longitude(),
                            place == null ? null : place.timezone(),
                            place == null ? null : place.city(),
                            place == null ? null : place.region(),
                            place == null ? null : place.country(),
                            place == null ? null : place.source(),
                            job.enrichedAt()),
                    new FirstLine(job.firstLineStatus(), job.firstLine(), job.firstLineSource(), job.personalizedAt()));
        }
    }
}
