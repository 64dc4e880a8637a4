package io.leadpulse.lead.tasks;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TaskController {

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    record CreateTaskRequest(
            @NotNull UUID leadId,
            @NotBlank @Size(max = 200) String title,
            @NotNull Instant dueAt,
            UUID assigneeId) {}

    @PostMapping("/api/tasks")
    ResponseEntity<LeadTask> create(CurrentUser user, @Valid @RequestBody CreateTaskRequest request) {
        LeadTask task = tasks.create(user, request.leadId(), request.title(), request.dueAt(), request.assigneeId());
        return ResponseEntity.created(URI.create("/api/tasks/" + task.id())).body(task);
    }

    @GetMapping("/api/tasks/{id}")
    LeadTask get(CurrentUser user, @PathVariable UUID id) {
        return tasks.find(user, id).orElseThrow(() -> ApiProblem.notFound("Task " + id));
    }

    /** Idempotent: completing a done task answers it unchanged. */
    @PostMapping("/api/tasks/{id}/complete")
    LeadTask complete(CurrentUser user, @PathVariable UUID id) {
        return tasks.complete(user, id);
    }

    /** {@code status}: open (default), overdue, done, all; {@code scope}: mine (default) or org (ADMIN). */
    @GetMapping("/api/tasks")
    Map<String, List<LeadTask>> list(
            CurrentUser user,
            @RequestParam(defaultValue = "mine") String scope,
            @RequestParam(required = false) UUID assigneeId,
            @RequestParam(defaultValue = "open") String status,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return Map.of("items", tasks.list(user, scope, assigneeId, status, limit));
    }

    @GetMapping("/api/leads/{id}/tasks")
    Map<String, List<LeadTask>> forLead(CurrentUser user, @PathVariable UUID id) {
        return Map.of("items", tasks.forLead(user, id).orElseThrow(() -> ApiProblem.notFound("Lead " + id)));
    }
}
