package io.leadpulse.messaging.sending;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {

    private final MessageService messages;

    MessageController(MessageService messages) {
        this.messages = messages;
    }

    /**
     * @param validitySeconds how long the message may wait to go out (Twilio's ValidityPeriod range)
     */
    record SendRequest(
            @NotNull UUID leadId,
            @NotNull Channel channel,
            @Size(max = 200) String subject,
            @Size(max = MessageService.MAX_BODY) String body,
            @Size(max = MessageService.MAX_BODY) String template,
            Instant sendAt,
            @Min(1) @Max(36_000) Integer validitySeconds) {}

    /** Accepted into the durable send queue: 202, the message as stored (status {@code queued}). */
    @PostMapping("/api/messages")
    ResponseEntity<Message> send(CurrentUser user, @Valid @RequestBody SendRequest request) {
        Message message = messages.send(
                user,
                new MessageService.NewMessage(
                        request.leadId(),
                        request.channel(),
                        request.subject(),
                        request.body(),
                        request.template(),
                        request.sendAt(),
                        request.validitySeconds() == null ? null : Duration.ofSeconds(request.validitySeconds())));
        return ResponseEntity.accepted()
                .location(URI.create("/api/messages/" + message.id()))
                .body(message);
    }

    @GetMapping("/api/messages/{id}")
    Message get(CurrentUser user, @PathVariable UUID id) {
        return messages.find(user, id).orElseThrow(() -> ApiProblem.notFound("Message " + id));
    }

    /** A lead's messages both ways, newest first. */
    @GetMapping("/api/messages")
    Map<String, List<Message>> ofLead(
            CurrentUser user,
            @RequestParam UUID leadId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return Map.of(
                "items", messages.ofLead(user, leadId, limit).orElseThrow(() -> ApiProblem.notFound("Lead " + leadId)));
    }

    @ExceptionHandler(SendRejected.class)
    ProblemDetail rejected(SendRejected e) {
        return switch (e.reason()) {
            case LEAD_NOT_FOUND -> ApiProblem.notFound(e.getMessage()).toProblemDetail();
            case SUPPRESSED ->
                new ApiProblem(
                                HttpStatus.CONFLICT,
                                "recipient-opted-out",
                                "Recipient opted out",
                                e.getMessage(),
                                Map.of("reason", "OPTED_OUT"))
                        .toProblemDetail();
            case INVALID -> ApiProblem.invalidField(e.field(), e.getMessage()).toProblemDetail();
        };
    }
}
