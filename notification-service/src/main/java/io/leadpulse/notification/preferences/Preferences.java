package io.leadpulse.notification.preferences;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Per person, type and channel; a type without a saved choice is in-app only. */
@Service
public class Preferences {

    /** Every type a rule produces, in the order a settings screen lists them. */
    public static final List<String> TYPES = List.of(
            "lead.assigned",
            "lead.hot",
            "message.inbound",
            "payment.succeeded",
            "payment.failed",
            "deal.won",
            "import.finished",
            "appointment.reminder",
            "lead.preview_engaged");

    private final PreferenceRepository repository;

    Preferences(PreferenceRepository repository) {
        this.repository = repository;
    }

    @Transactional(readOnly = true)
    public List<Preference> of(UUID orgId, UUID userId) {
        Map<String, Preference> saved =
                repository.of(orgId, userId).stream().collect(Collectors.toMap(Preference::type, Function.identity()));
        return TYPES.stream()
                .map(type -> saved.getOrDefault(type, Preference.defaultFor(type)))
                .toList();
    }

    @Transactional(readOnly = true)
    public Preference of(UUID orgId, UUID userId, String type) {
        return repository.of(orgId, userId).stream()
                .filter(p -> p.type().equals(type))
                .findFirst()
                .orElse(Preference.defaultFor(type));
    }

    /** Saves the given types' choices; the caller has checked every type is known. */
    @Transactional
    public List<Preference> save(UUID orgId, UUID userId, List<Preference> changes) {
        changes.forEach(p -> repository.save(orgId, userId, p));
        return of(orgId, userId);
    }
}
