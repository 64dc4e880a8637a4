package io.leadpulse.messaging.conversations;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ConversationController {

    private final Conversations conversations;

    ConversationController(Conversations conversations) {
        this.conversations = conversations;
    }

    /** Newest first, with the caller's total unread; {@code q} searches names, company, phone and messages. */
    @GetMapping("/api/conversations")
    Conversations.Page list(
            CurrentUser user,
            @RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(defaultValue = "false") boolean unreadOnly,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return conversations.list(user, q, unreadOnly, limit);
    }

    @PostMapping("/api/conversations/{id}/read")
    Conversation read(CurrentUser user, @PathVariable UUID id) {
        return conversations.markRead(user, id).orElseThrow(() -> ApiProblem.notFound("Conversation " + id));
    }
}
