package io.leadpulse.lead.stats;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StatsController {

    private final StatsService stats;

    StatsController(StatsService stats) {
        this.stats = stats;
    }

    @GetMapping("/api/users/me/stats")
    RepStats mine(CurrentUser user) {
        return stats.forUser(user, user.id()).orElseThrow(() -> ApiProblem.notFound("User " + user.id()));
    }

    /** ADMIN: any user of its organisation; REP: only itself (anyone else is 404). */
    @GetMapping("/api/users/{id}/stats")
    RepStats forUser(CurrentUser user, @PathVariable UUID id) {
        return stats.forUser(user, id).orElseThrow(() -> ApiProblem.notFound("User " + id));
    }
}
