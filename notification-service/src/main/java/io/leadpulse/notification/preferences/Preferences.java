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
            "integration.needs_reauth",
            "deal.won",
            "import.finished",
            "appointment.reminder",
            "lead.preview_engaged",
            "insights.weekly");

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

    /** A saved choice of one person in one org. */
    public record Saved(UUID userId, UUID orgId, Preference preference) {}

    /** What each of these people chose, for a batch of notifications: one query. */
    @Transactional(readOnly = true)
    public Choices ofPeople(java.util.Collection<UUID> userIds) {
        return new Choices(userIds.isEmpty() ? List.of() : repository.ofPeople(userIds));
    }

    /** The choices of a set of people; a type without a saved choice (in that org) is the default. */
    public static final class Choices {
        private final Map<String, Preference> byKey;

        Choices(List<Saved> saved) {
            this.byKey = saved.stream()
                    .collect(Collectors.toMap(
                            s -> key(s.userId(), s.orgId(), s.preference().type()), Saved::preference));
        }

        public Preference of(UUID orgId, UUID userId, String type) {
            return byKey.getOrDefault(key(userId, orgId, type), Preference.defaultFor(type));
        }

        private static String key(UUID userId, UUID orgId, String type) {
            return userId + "/" + orgId + "/" + type;
        }
    }

    /** Saves the given types' choices; the caller has checked every type is known. */
    @Transactional
    public List<Preference> save(UUID orgId, UUID userId, List<Preference> changes) {
        changes.forEach(p -> repository.save(orgId, userId, p));
        return of(orgId, userId);
    }
}
