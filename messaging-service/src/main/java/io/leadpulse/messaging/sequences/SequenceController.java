package io.leadpulse.messaging.sequences;

import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SequenceController {

    private final Sequences sequences;

    SequenceController(Sequences sequences) {
        this.sequences = sequences;
    }

    /** {@code days} null: every day; {@code from}/{@code until} null: 00:00 to 23:59. */
    record StepBody(
            @NotNull Channel channel,
            @NotNull @Min(0) @Max(90 * 24 * 60) Integer delayMinutes,
            @Size(max = 200) String subject,
            @NotBlank @Size(max = 1600) String template,
            List<DayOfWeek> days,
            LocalTime from,
            LocalTime until) {}

    /** {@code enrolRule} null: leads are enrolled by hand only. */
    record SequenceBody(
            @NotBlank @Size(max = 200) String name,
            @NotEmpty @Size(max = 20) List<@Valid StepBody> steps,
            EnrolRule enrolRule) {}

    record EnrolBody(@NotNull UUID leadId) {}

    @PostMapping("/api/sequences")
    ResponseEntity<Sequence> create(CurrentUser user, @Valid @RequestBody SequenceBody body) {
        if (!user.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin defines sequences.");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < body.steps().size(); i++) {
            StepBody step = body.steps().get(i);
            Set<DayOfWeek> days = step.days() == null || step.days().isEmpty()
                    ? EnumSet.allOf(DayOfWeek.class)
                    : EnumSet.copyOf(step.days());
            steps.add(new Step(
                    i + 1,
                    step.channel(),
                    Duration.ofMinutes(step.delayMinutes()),
                    step.subject(),
                    step.template(),
                    days,
                    step.from() == null ? LocalTime.MIN : step.from(),
                    step.until() == null ? LocalTime.of(23, 59) : step.until()));
        }
        Sequence sequence = sequences.create(user, body.name().strip(), steps, body.enrolRule());
        return ResponseEntity.created(URI.create("/api/sequences/" + sequence.id()))
                .body(sequence);
    }

    @GetMapping("/api/sequences")
    Map<String, List<Sequence>> list(CurrentUser user) {
        return Map.of("items", sequences.list(user));
    }

    @GetMapping("/api/sequences/{id}")
    Sequence get(CurrentUser user, @PathVariable UUID id) {
        return sequences.find(user, id).orElseThrow(() -> ApiProblem.notFound("Sequence " + id));
    }

    @PostMapping("/api/sequences/{id}/enrolments")
    ResponseEntity<Enrolment> enrol(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody EnrolBody body) {
        Enrolment enrolment = sequences.enrol(user, id, body.leadId());
        return ResponseEntity.status(HttpStatus.CREATED).body(enrolment);
    }

    @GetMapping("/api/sequences/{id}/enrolments")
    Map<String, List<Enrolment>> enrolments(CurrentUser user, @PathVariable UUID id) {
        sequences.find(user, id).orElseThrow(() -> ApiProblem.notFound("Sequence " + id));
        return Map.of("items", sequences.enrolments(user, id));
    }

    @ExceptionHandler(SequenceRejected.class)
    ProblemDetail rejected(SequenceRejected e) {
        return switch (e.reason()) {
            case NOT_FOUND -> ApiProblem.notFound(e.getMessage()).toProblemDetail();
            case ALREADY_ENROLLED -> ApiProblem.conflict(e.getMessage()).toProblemDetail();
            case INVALID -> ApiProblem.invalidField(e.field(), e.getMessage()).toProblemDetail();
        };
    }
}
