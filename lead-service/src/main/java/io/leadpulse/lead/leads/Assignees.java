package io.leadpulse.lead.leads;

import io.leadpulse.lead.accounts.User;
import io.leadpulse.lead.accounts.UserRepository;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may be given work on a lead (an appointment, a task): a REP only itself, an ADMIN any active
 * user of its organisation.
 */
@Component
public class Assignees {

    private final UserRepository users;

    Assignees(UserRepository users) {
        this.users = users;
    }

    /**
     * The assignee for {@code requested}, or {@code fallback} (then the actor) when none is asked.
     *
     * @throws ApiProblem 400 naming {@code assigneeId}
     */
    public UUID resolve(CurrentUser actor, UUID requested, UUID fallback) {
        if (requested == null) {
            UUID chosen = fallback == null ? actor.id() : fallback;
            return actor.isAdmin() || chosen.equals(actor.id()) ? chosen : actor.id();
        }
        if (!actor.isAdmin()) {
            if (!requested.equals(actor.id())) {
                throw ApiProblem.invalidField("assigneeId", "a rep can only assign work to itself");
            }
            return requested;
        }
        return users.findInOrg(actor.orgId(), requested)
                .filter(User::active)
                .map(User::id)
                .orElseThrow(() -> ApiProblem.invalidField("assigneeId", "is not an active user of this organisation"));
    }
}
