package io.leadpulse.lead.settings;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.OrgEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and saves an organisation's settings. Any member reads them; only an ADMIN saves, from the
 * version it read (optimistic locking), and every member's screen hears {@code org.settings_updated}
 * on {@code private-org-{id}} from the same transaction, as do the other services (the domain event
 * {@code org.settings_updated} on {@code lead.events}, key = org id).
 */
@Service
public class OrgSettingsService {

    private static final Logger log = LoggerFactory.getLogger(OrgSettingsService.class);

    /** The monthly targets dashboards know how to compare with actuals. */
    public static final Set<String> TARGET_KEYS = Set.of("leads", "contacted", "replied", "won", "revenueMinor");

    static final int MAX_PROFILE_FIELDS = 30;
    static final int MAX_PROFILE_JSON = 8_000;

    private final OrgSettingsRepository settings;
    private final Outbox outbox;
    private final JsonMapper json;

    OrgSettingsService(OrgSettingsRepository settings, Outbox outbox, JsonMapper json) {
        this.settings = settings;
        this.outbox = outbox;
        this.json = json;
    }

    /** Thrown when the settings changed since the version the caller read. */
    public static class StaleSettings extends RuntimeException {
        private final long currentVersion;

        StaleSettings(long expected, long currentVersion) {
            super("the settings changed since version " + expected + "; they are at version " + currentVersion
                    + ": reload them and try again");
            this.currentVersion = currentVersion;
        }

        public long currentVersion() {
            return currentVersion;
        }
    }

    @Transactional(readOnly = true)
    public OrgSettings get(CurrentUser actor) {
        return settings.find(actor.orgId());
    }

    /**
     * Replaces the settings if {@code expectedVersion} is current.
     *
     * @throws ApiProblem 403 for a REP, 400 naming the field at fault
     * @throws StaleSettings when someone saved in between
     */
    @Transactional
    public OrgSettings save(CurrentUser actor, OrgSettings requested, long expectedVersion) {
        if (!actor.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin can change the organisation's settings.");
        }
        OrgSettings valid = validate(actor, requested);
        OrgSettings current = settings.find(actor.orgId());
        if (current.version() != expectedVersion || !settings.save(valid, expectedVersion)) {
            throw new StaleSettings(
                    expectedVersion, settings.find(actor.orgId()).version());
        }
        OrgSettings saved = settings.find(actor.orgId());
        outbox.publish(RealtimeMessage.of(
                saved.orgId(), List.of(RealtimeMessage.Channels.org(saved.orgId())), "org.settings_updated", saved));
        outbox.publish(settingsUpdated(saved, actor));
        log.info("org settings saved: org={} by={} version={}", saved.orgId(), actor.id(), saved.version());
        return saved;
    }

    /** What other services need of the settings (notification-service's weekly insights). */
    private static OrgEvent.SettingsUpdated settingsUpdated(OrgSettings saved, CurrentUser actor) {
        Map<String, Long> targets = new TreeMap<>();
        saved.monthlyTargets().forEach((key, value) -> {
            if (value instanceof Number number) {
                targets.put(key, number.longValue());
            }
        });
        Object name = saved.profile() == null ? null : saved.profile().get("name");
        return new OrgEvent.SettingsUpdated(
                saved.orgId(),
                name instanceof String text && !text.isBlank() ? text : null,
                saved.timezone(),
                targets,
                saved.version(),
                actor.id(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private OrgSettings validate(CurrentUser actor, OrgSettings s) {
        if (!ZoneId.getAvailableZoneIds().contains(s.timezone())) {
            throw ApiProblem.invalidField("timezone", "must be an IANA time zone such as Europe/Berlin");
        }
        String region = s.phoneRegion() == null ? null : s.phoneRegion().trim().toUpperCase(Locale.ROOT);
        if (region != null
                && !PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw ApiProblem.invalidField("phoneRegion", "must be a two-letter region such as US or DE");
        }
        if (s.quietHoursStart().equals(s.quietHoursEnd())) {
            throw ApiProblem.invalidField("quietHoursEnd", "must differ from quietHoursStart");
        }
        Map<String, Object> profile = s.profile() == null ? Map.of() : s.profile();
        if (profile.size() > MAX_PROFILE_FIELDS
                || json.writeValueAsString(profile).length() > MAX_PROFILE_JSON) {
            throw ApiProblem.invalidField(
                    "profile",
                    "must have at most " + MAX_PROFILE_FIELDS + " fields and " + MAX_PROFILE_JSON + " characters");
        }
        Map<String, Object> targets = s.monthlyTargets() == null ? Map.of() : s.monthlyTargets();
        for (Map.Entry<String, Object> target : targets.entrySet()) {
            String field = "monthlyTargets." + target.getKey();
            if (!TARGET_KEYS.contains(target.getKey())) {
                throw ApiProblem.invalidField(field, "is not a known target; known: " + TARGET_KEYS);
            }
            if (!(target.getValue() instanceof Number number)
                    || number.doubleValue() < 0
                    || number.doubleValue() != Math.floor(number.doubleValue())
                    || number.doubleValue() > 1e15) {
                throw ApiProblem.invalidField(field, "must be a whole number, 0 or more");
            }
        }
        return new OrgSettings(
                actor.orgId(),
                profile,
                s.hotLeadViews(),
                s.hotLeadWindowMinutes(),
                s.quietHoursStart(),
                s.quietHoursEnd(),
                s.timezone(),
                region,
                targets,
                s.version());
    }
}
