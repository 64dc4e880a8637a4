package io.leadpulse.messaging.settings;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrgSettingsController {

    private final OrgSettings settings;

    OrgSettingsController(OrgSettings settings) {
        this.settings = settings;
    }

    record SettingsBody(
            @NotBlank @Size(max = 320) String helpReply,
            @NotNull LocalTime quietStart,
            @NotNull LocalTime quietEnd,
            @NotBlank String timezone) {}

    @GetMapping("/api/messages/settings")
    OrgMessagingSettings get(CurrentUser user) {
        return settings.of(user.orgId());
    }

    @PutMapping("/api/messages/settings")
    OrgMessagingSettings put(CurrentUser user, @Valid @RequestBody SettingsBody body) {
        if (!user.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin changes the organisation's messaging settings.");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(body.timezone());
        } catch (DateTimeException e) {
            throw ApiProblem.invalidField("timezone", "not a timezone id (for example Europe/Paris)");
        }
        return settings.save(new OrgMessagingSettings(
                user.orgId(), body.helpReply().strip(), body.quietStart(), body.quietEnd(), zone));
    }
}
