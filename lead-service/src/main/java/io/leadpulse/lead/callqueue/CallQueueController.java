package io.leadpulse.lead.callqueue;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/call-queue")
class CallQueueController {

    private final CallQueue queue;

    CallQueueController(CallQueue queue) {
        this.queue = queue;
    }

    record CompleteCallRequest(
            @NotNull CallOutcome outcome,
            @Size(max = 4000) String notes,
            @NotNull @Min(0) @Max(86_400) Integer durationSeconds) {}

    @GetMapping
    Map<String, List<CallQueueEntry>> entries(
            CurrentUser user, @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return Map.of("items", queue.entries(user, limit));
    }

    @PostMapping("/{leadId}/claim")
    CallQueueEntry claim(CurrentUser user, @PathVariable UUID leadId) {
        return queue.claim(user, leadId);
    }

    @PostMapping("/{leadId}/release")
    CallQueueEntry release(CurrentUser user, @PathVariable UUID leadId) {
        return queue.release(user, leadId);
    }

    @PostMapping("/{leadId}/complete")
    ResponseEntity<Void> complete(
            CurrentUser user, @PathVariable UUID leadId, @Valid @RequestBody CompleteCallRequest request) {
        String notes = request.notes() == null || request.notes().isBlank()
                ? null
                : request.notes().trim();
        queue.complete(user, leadId, request.outcome(), notes, request.durationSeconds());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(CallQueueRejected.class)
    ProblemDetail rejected(CallQueueRejected e) {
        return switch (e.reason()) {
            case NOT_FOUND -> ApiProblem.notFound(e.getMessage()).toProblemDetail();
            case CLAIMED_BY_OTHER -> {
                Map<String, Object> holder = new LinkedHashMap<>();
                holder.put("id", e.holderId());
                holder.put("name", e.holderName());
                holder.put("since", e.claimedAt());
                yield new ApiProblem(
                                HttpStatus.CONFLICT,
                                "call-claimed",
                                "Someone else is calling this lead",
                                e.getMessage(),
                                Map.of("claimedBy", holder))
                        .toProblemDetail();
            }
            case NOT_CLAIMED ->
                new ApiProblem(
                                HttpStatus.CONFLICT,
                                "call-not-claimed",
                                "Nobody is calling this lead",
                                e.getMessage(),
                                null)
                        .toProblemDetail();
        };
    }
}
