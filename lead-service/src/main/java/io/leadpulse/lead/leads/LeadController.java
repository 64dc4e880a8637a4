package io.leadpulse.lead.leads;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
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
@RequestMapping("/api/leads")
class LeadController {

    private final LeadService leads;

    LeadController(LeadService leads) {
        this.leads = leads;
    }

    record CreateLeadRequest(
            @NotBlank @Size(max = 100) String firstName,
            @Size(max = 100) String lastName,

            @jakarta.validation.constraints.Email @Size(max = 320)
            String email,

            @Size(max = 40) String phone,
            @Size(max = 200) String company,
            UUID assigneeId,
            @Size(max = 50) List<@NotBlank @Size(max = 40) String> tags) {}

    @PostMapping
    ResponseEntity<Lead> create(CurrentUser user, @Valid @RequestBody CreateLeadRequest request) {
        Lead lead = leads.create(
                user,
                new NewLead(
                        request.firstName(),
                        request.lastName(),
                        request.email(),
                        request.phone(),
                        request.company(),
                        request.assigneeId(),
                        request.tags(),
                        "api"));
        return ResponseEntity.created(URI.create("/api/leads/" + lead.id())).body(lead);
    }

    @GetMapping("/{id}")
    Lead get(CurrentUser user, @PathVariable UUID id) {
        // Another organisation's lead, or one a rep is not assigned, is simply not there.
        return leads.find(user, id).orElseThrow(() -> ApiProblem.notFound("Lead " + id));
    }

    @GetMapping
    Map<String, List<Lead>> recent(CurrentUser user, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return Map.of("items", leads.recent(user, limit));
    }

    @ExceptionHandler(LeadRejected.class)
    ProblemDetail rejected(LeadRejected e) {
        ApiProblem problem = switch (e.reason()) {
            case DUPLICATE ->
                new ApiProblem(
                        HttpStatus.CONFLICT,
                        "duplicate-lead",
                        "Duplicate lead",
                        e.field() + ": " + e.getMessage(),
                        Map.of("errors", List.of(Map.of("field", e.field(), "message", e.getMessage()))));
            case QUOTA_EXCEEDED ->
                new ApiProblem(
                        HttpStatus.PAYMENT_REQUIRED, "quota-exceeded", "Lead quota reached", e.getMessage(), Map.of());
            case INVALID -> ApiProblem.invalidField(e.field(), e.getMessage());
        };
        return problem.toProblemDetail();
    }
}
