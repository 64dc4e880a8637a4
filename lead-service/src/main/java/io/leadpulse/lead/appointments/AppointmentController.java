package io.leadpulse.lead.appointments;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AppointmentController {

    private final AppointmentService appointments;

    AppointmentController(AppointmentService appointments) {
        this.appointments = appointments;
    }

    record ScheduleRequest(
            @NotNull UUID leadId,
            @NotNull Appointment.Kind kind,
            @NotBlank @Size(max = 200) String title,
            @NotNull Instant startsAt,
            Instant endsAt,
            UUID assigneeId) {}

    record MoveRequest(
            @Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String title,

            Instant startsAt,
            Instant endsAt,
            UUID assigneeId) {}

    @PostMapping("/api/appointments")
    ResponseEntity<Appointment> schedule(CurrentUser user, @Valid @RequestBody ScheduleRequest request) {
        Appointment appointment = appointments.schedule(
                user,
                new AppointmentService.NewAppointment(
                        request.leadId(),
                        request.kind(),
                        request.title(),
                        request.startsAt(),
                        request.endsAt(),
                        request.assigneeId()));
        return ResponseEntity.created(URI.create("/api/appointments/" + appointment.id()))
                .body(appointment);
    }

    @GetMapping("/api/appointments/{id}")
    Appointment get(CurrentUser user, @PathVariable UUID id) {
        return appointments.find(user, id).orElseThrow(() -> ApiProblem.notFound("Appointment " + id));
    }

    /** Moves (same id, new time), renames or hands over an appointment; fields left out stay. */
    @PatchMapping("/api/appointments/{id}")
    Appointment move(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody MoveRequest request) {
        return appointments.move(
                user,
                id,
                new AppointmentService.Move(
                        request.title(), request.startsAt(), request.endsAt(), request.assigneeId()));
    }

    @PostMapping("/api/appointments/{id}/cancel")
    Appointment cancel(CurrentUser user, @PathVariable UUID id) {
        return appointments.cancel(user, id);
    }

    /**
     * Appointments starting in [from, to) (default: the next 7 days): a REP's own, an ADMIN's whole
     * organisation or one user's.
     */
    @GetMapping("/api/appointments")
    Map<String, List<Appointment>> inRange(
            CurrentUser user,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) UUID assigneeId,
            @RequestParam(defaultValue = "false") boolean includeCancelled) {
        Instant start = from == null ? Instant.now() : from;
        Instant end = to == null ? start.plus(Duration.ofDays(7)) : to;
        return Map.of("items", appointments.inRange(user, assigneeId, start, end, includeCancelled));
    }

    @GetMapping("/api/leads/{id}/appointments")
    Map<String, List<Appointment>> forLead(CurrentUser user, @PathVariable UUID id) {
        return Map.of("items", appointments.forLead(user, id).orElseThrow(() -> ApiProblem.notFound("Lead " + id)));
    }
}
