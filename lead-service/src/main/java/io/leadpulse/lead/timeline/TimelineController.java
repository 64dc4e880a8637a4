package io.leadpulse.lead.timeline;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TimelineController {

    private final TimelineService timeline;

    TimelineController(TimelineService timeline) {
        this.timeline = timeline;
    }

    /** Everything that happened to a lead, newest first; same access as the lead itself. */
    @GetMapping("/api/leads/{id}/timeline")
    TimelinePage timeline(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        String after = cursor == null || cursor.isBlank() ? null : cursor;
        return timeline.page(user, id, after, limit).orElseThrow(() -> ApiProblem.notFound("Lead " + id));
    }
}
