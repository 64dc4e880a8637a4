package io.leadpulse.notification.preferences;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A person's own choices per notification type and channel. */
@RestController
@RequestMapping("/api/notifications/preferences")
class PreferencesController {

    private final Preferences preferences;

    PreferencesController(Preferences preferences) {
        this.preferences = preferences;
    }

    record Body(List<Item> preferences) {}

    record Item(String type, Boolean inApp, Boolean email, Boolean sms) {}

    record View(List<Preference> preferences) {}

    @GetMapping
    View get(CurrentUser user) {
        return new View(preferences.of(user.orgId(), user.id()));
    }

    @PutMapping
    View put(CurrentUser user, @RequestBody Body body) {
        if (body == null || body.preferences() == null) {
            throw ApiProblem.invalidField("preferences", "is required");
        }
        List<Preference> changes = new ArrayList<>();
        for (int i = 0; i < body.preferences().size(); i++) {
            Item item = body.preferences().get(i);
            String field = "preferences[" + i + "]";
            if (item == null || !Preferences.TYPES.contains(item.type())) {
                throw ApiProblem.invalidField(field + ".type", "must be one of " + Preferences.TYPES);
            }
            Preference current = preferences.of(user.orgId(), user.id(), item.type());
            changes.add(new Preference(
                    item.type(),
                    item.inApp() == null ? current.inApp() : item.inApp(),
                    item.email() == null ? current.email() : item.email(),
                    item.sms() == null ? current.sms() : item.sms()));
        }
        return new View(preferences.save(user.orgId(), user.id(), changes));
    }
}
