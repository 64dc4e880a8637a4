package io.leadpulse.lead.leads;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/leads")
class LeadController {

    private final LeadService leads;
    private final Validator validator;

    LeadController(LeadService leads, Validator validator) {
        this.leads = leads;
        this.validator = validator;
    }

    /** The rules of the fields a PATCH may carry; checked one field at a time. */
    record PatchRules(
            @Size(max = 100) String firstName,
            @Size(max = 100) String lastName,

            @jakarta.validation.constraints.Email @Size(max = 320)
            String email,

            @Size(max = 40) String phone,
            @Size(max = 200) String company,
            @Size(max = 50) List<@NotBlank @Size(max = 40) String> tags) {}

    record StatusRequest(
            @NotNull LeadStatus status, @Size(max = 500) String reason) {}

    record NoteRequest(@NotBlank @Size(max = 10_000) String body) {}

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
    ResponseEntity<Lead> get(CurrentUser user, @PathVariable UUID id) {
        // Another organisation's lead, or one a rep is not assigned, is simply not there.
        Lead lead = leads.find(user, id).orElseThrow(() -> ApiProblem.notFound("Lead " + id));
        return withEtag(lead);
    }

    @GetMapping
    LeadPage list(
            CurrentUser user,
            @RequestParam(required = false) List<LeadStatus> status,
            @RequestParam(required = false) UUID assigneeId,
            @RequestParam(defaultValue = "false") boolean unassigned,
            @RequestParam(required = false) List<String> tag,
            @RequestParam(required = false) @DecimalMin("0") BigDecimal minScore,
            @RequestParam(required = false) @DecimalMin("0") BigDecimal maxScore,
            @RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        LeadSort order = LeadSort.parse(sort)
                .orElseThrow(
                        () -> ApiProblem.invalidField(
                                "sort",
                                "must be createdAt, updatedAt, engagementScore or lastName, optionally followed by ,asc or ,desc"));
        if (unassigned && assigneeId != null) {
            throw ApiProblem.invalidField("unassigned", "cannot be combined with assigneeId");
        }
        if (minScore != null && maxScore != null && minScore.compareTo(maxScore) > 0) {
            throw ApiProblem.invalidField("minScore", "must not be greater than maxScore");
        }
        List<String> tags = tag == null
                ? List.of()
                : tag.stream()
                        .map(t -> t.trim().toLowerCase(Locale.ROOT))
                        .filter(t -> !t.isEmpty())
                        .distinct()
                        .toList();
        String text = q == null || q.isBlank() ? null : q.trim();
        String after = cursor == null || cursor.isBlank() ? null : cursor;
        return leads.list(
                user,
                new LeadQuery(status, assigneeId, unassigned, tags, minScore, maxScore, text, order, after, limit));
    }

    /**
     * Partial update: only the fields sent change, a null clears one. Send the version you saw as
     * {@code If-Match: "3"} (stale: 412) or {@code "version": 3} (stale: 409); send neither to
     * overwrite whatever is current.
     */
    @PatchMapping("/{id}")
    ResponseEntity<Lead> update(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalidField("body", "must be a JSON object");
        }
        Set<String> present = new HashSet<>();
        Long version = null;
        for (String field : body.propertyNames()) {
            if (field.equals("version")) {
                JsonNode value = body.get(field);
                if (!value.isIntegralNumber() || value.asLong() < 0) {
                    throw ApiProblem.invalidField("version", "must be the lead's version, a whole number");
                }
                version = value.asLong();
            } else if (LeadChanges.FIELDS.contains(field)) {
                present.add(field);
            } else {
                throw ApiProblem.invalidField(field, "is not a field that can be changed");
            }
        }
        // "If-Match: *" asks for no particular version.
        boolean fromHeader =
                ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*");
        if (fromHeader) {
            version = parseIfMatch(ifMatch);
        }
        String firstName = text(body, "firstName");
        String lastName = text(body, "lastName");
        String email = text(body, "email");
        String phone = text(body, "phone");
        String company = text(body, "company");
        List<String> tags = null;
        if (present.contains("tags") && !body.get("tags").isNull()) {
            JsonNode array = body.get("tags");
            if (!array.isArray()) {
                throw ApiProblem.invalidField("tags", "must be an array of strings");
            }
            tags = new ArrayList<>();
            for (JsonNode tag : array) {
                if (!tag.isString()) {
                    throw ApiProblem.invalidField("tags", "must be an array of strings");
                }
                tags.add(tag.asString());
            }
        }
        UUID assigneeId = null;
        if (present.contains("assigneeId") && !body.get("assigneeId").isNull()) {
            String raw = text(body, "assigneeId");
            try {
                assigneeId = UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField("assigneeId", "must be a UUID");
            }
        }
        check("firstName", firstName, present);
        check("lastName", lastName, present);
        check("email", email, present);
        check("phone", phone, present);
        check("company", company, present);
        check("tags", tags, present);
        Lead lead = leads.update(
                user,
                id,
                new LeadChanges(
                        present, firstName, lastName, email, phone, company, tags, assigneeId, version, fromHeader));
        return withEtag(lead);
    }

    /** ADMIN only (a REP gets 403 for its own lead, 404 for any other). */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(CurrentUser user, @PathVariable UUID id) {
        leads.delete(user, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/status")
    ResponseEntity<Lead> changeStatus(
            CurrentUser user, @PathVariable UUID id, @Valid @RequestBody StatusRequest request) {
        String reason = request.reason() == null || request.reason().isBlank()
                ? null
                : request.reason().trim();
        return withEtag(leads.changeStatus(user, id, request.status(), reason));
    }

    @PostMapping("/{id}/notes")
    ResponseEntity<Note> addNote(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody NoteRequest request) {
        Note note = leads.addNote(user, id, request.body());
        return ResponseEntity.created(URI.create("/api/leads/" + id + "/notes/" + note.id()))
                .body(note);
    }

    @GetMapping("/{id}/notes")
    Map<String, List<Note>> notes(
            CurrentUser user, @PathVariable UUID id, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return Map.of("items", leads.notes(user, id, limit).orElseThrow(() -> ApiProblem.notFound("Lead " + id)));
    }

    @ExceptionHandler(StaleLead.class)
    ResponseEntity<ProblemDetail> stale(StaleLead e) {
        HttpStatus status = e.fromHeader() ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT;
        ProblemDetail problem = new ApiProblem(
                        status,
                        "stale-version",
                        "The lead changed in the meantime",
                        e.getMessage(),
                        Map.of("currentVersion", e.currentVersion()))
                .toProblemDetail();
        return ResponseEntity.status(status).body(problem);
    }

    @ExceptionHandler(InvalidTransition.class)
    ProblemDetail invalidTransition(InvalidTransition e) {
        return new ApiProblem(
                        HttpStatus.CONFLICT,
                        "invalid-transition",
                        "Status change not allowed",
                        e.getMessage(),
                        Map.of(
                                "from",
                                e.from().name(),
                                "to",
                                e.to().name(),
                                "allowed",
                                e.from().next().stream()
                                        .map(Enum::name)
                                        .sorted()
                                        .toList()))
                .toProblemDetail();
    }

    private static ResponseEntity<Lead> withEtag(Lead lead) {
        return ResponseEntity.ok().eTag("\"" + lead.version() + "\"").body(lead);
    }

    private static long parseIfMatch(String header) {
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.invalidField("If-Match", "must be the lead's ETag, such as \"3\"");
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiProblem.invalidField(field, "must be a string");
        }
        return value.asString();
    }

    private void check(String field, Object value, Set<String> present) {
        if (!present.contains(field)) {
            return;
        }
        Set<ConstraintViolation<PatchRules>> violations = validator.validateValue(PatchRules.class, field, value);
        if (!violations.isEmpty()) {
            throw ApiProblem.invalidField(field, violations.iterator().next().getMessage());
        }
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
