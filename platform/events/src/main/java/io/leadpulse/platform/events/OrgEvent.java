package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What lead-service (which owns an organisation's settings) tells the other services about the
 * organisation itself, keyed by org id on {@code lead.events} so one org's changes stay in order.
 * Consumers keep the newest {@code version}.
 */
@EventContext(topic = Topics.LEAD_EVENTS)
public sealed interface OrgEvent extends DomainEvent {

    @Override
    default String subject() {
        return orgId().toString();
    }

    /**
     * The settings other services need, as saved (every save, whatever changed).
     *
     * @param companyName {@code profile.name}, null when the profile has none
     * @param timezone the org's IANA time zone (weeks and schedules are in it)
     * @param monthlyTargets {@code leads, contacted, replied, won, revenueMinor} (revenue in minor
     *     units), only the targets set
     * @param version the settings' version after the save (newer wins)
     */
    @EventType("org.settings_updated")
    record SettingsUpdated(
            UUID orgId,
            String companyName,
            String timezone,
            Map<String, Long> monthlyTargets,
            long version,
            UUID updatedBy,
            Instant updatedAt)
            implements OrgEvent {}
}
