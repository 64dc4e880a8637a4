package io.leadpulse.lead.settings;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.LocalTime;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrgSettingsController {

    private final OrgSettingsService settings;

    OrgSettingsController(OrgSettingsService settings) {
        this.settings = settings;
    }

    /** The whole settings document; {@code version} is the one last read. */
    record SettingsRequest(
            Map<String, Object> profile,
            @NotNull @Min(1) @Max(100) Integer hotLeadViews,
            @NotNull @Min(1) @Max(1440) Integer hotLeadWindowMinutes,
            @NotNull LocalTime quietHoursStart,
            @NotNull LocalTime quietHoursEnd,
            @NotBlank String timezone,
            String phoneRegion,
            Map<String, Object> monthlyTargets,
            @NotNull @Min(0) Long version) {}

    @GetMapping("/api/org/settings")
    OrgSettings get(CurrentUser user) {
        return settings.get(user);
    }

    /** ADMIN only (403 for a REP); a stale version is 409. */
    @PutMapping("/api/org/settings")
    OrgSettings put(CurrentUser user, @Valid @RequestBody SettingsRequest request) {
        return settings.save(
                user,
                new OrgSettings(
                        user.orgId(),
                        request.profile(),
                        request.hotLeadViews(),
                        request.hotLeadWindowMinutes(),
                        request.quietHoursStart(),
                        request.quietHoursEnd(),
                        request.timezone(),
                        request.phoneRegion() == null || request.phoneRegion().isBlank() ? null : request.phoneRegion(),
                        request.monthlyTargets(),
                        request.version()),
                request.version());
    }

    @ExceptionHandler(OrgSettingsService.StaleSettings.class)
    ProblemDetail stale(OrgSettingsService.StaleSettings e) {
        return new ApiProblem(
                        HttpStatus.CONFLICT,
                        "stale-version",
                        "The settings changed in the meantime",
                        e.getMessage(),
                        Map.of("currentVersion", e.currentVersion()))
                .toProblemDetail();
    }
}
