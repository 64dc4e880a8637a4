package io.leadpulse.lead.stats;

import io.leadpulse.lead.accounts.UserRepository;
import io.leadpulse.lead.settings.OrgSettings;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-rep figures. A REP sees only its own; an ADMIN any user of its organisation; anyone else is
 * not there (empty, answered 404). Weeks start on Monday, in the organisation's time zone.
 */
@Service
public class StatsService {

    private final StatsRepository stats;
    private final UserRepository users;
    private final OrgSettingsRepository settings;

    StatsService(StatsRepository stats, UserRepository users, OrgSettingsRepository settings) {
        this.stats = stats;
        this.users = users;
        this.settings = settings;
    }

    @Transactional(readOnly = true)
    public Optional<RepStats> forUser(CurrentUser actor, UUID userId) {
        if (!actor.isAdmin() && !actor.id().equals(userId)) {
            return Optional.empty();
        }
        return users.findInOrg(actor.orgId(), userId).map(user -> compute(actor.orgId(), user.id(), Instant.now()));
    }

    private RepStats compute(UUID orgId, UUID userId, Instant now) {
        OrgSettings org = settings.find(orgId);
        ZoneId zone = ZoneId.of(org.timezone());
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        RepStats.Period week = stats.moves(
                orgId,
                userId,
                monday.atStartOfDay(zone).toInstant(),
                monday.plusWeeks(1).atStartOfDay(zone).toInstant());
        RepStats.Period month = stats.moves(
                orgId,
                userId,
                firstOfMonth.atStartOfDay(zone).toInstant(),
                firstOfMonth.plusMonths(1).atStartOfDay(zone).toInstant());
        return new RepStats(userId, org.timezone(), stats.assigned(orgId, userId), week, month, org.monthlyTargets());
    }
}
