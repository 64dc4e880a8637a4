package io.leadpulse.notification.insights;

import io.leadpulse.notification.NotificationSettings;
import io.leadpulse.notification.directory.Directory;
import io.leadpulse.notification.directory.DirectoryUser;
import io.leadpulse.notification.email.Emails;
import io.leadpulse.notification.email.MailGateway;
import io.leadpulse.notification.preferences.Preferences;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds an org's weekly figures and sends them, once per org and ISO week, to its active admins
 * who have not turned the {@code insights.weekly} email off: HTML with the same report as a PDF.
 */
@Service
public class WeeklyReports {

    public static final String TYPE = "insights.weekly";

    private static final Logger log = LoggerFactory.getLogger(WeeklyReports.class);
    private static final List<String> TARGETS = List.of("leads", "contacted", "replied", "won", "revenueMinor");

    private final InsightRepository repository;
    private final Directory directory;
    private final Preferences preferences;
    private final Emails emails;
    private final ReportDocuments documents;
    private final TransactionTemplate transactions;
    private final NotificationSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;

    WeeklyReports(
            InsightRepository repository,
            Directory directory,
            Preferences preferences,
            Emails emails,
            ReportDocuments documents,
            TransactionTemplate transactions,
            NotificationSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.repository = repository;
        this.directory = directory;
        this.preferences = preferences;
        this.emails = emails;
        this.documents = documents;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /** The org's profile, UTC and no targets until {@code org.settings_updated} told us more. */
    @Transactional(readOnly = true)
    public OrgProfile profile(UUID orgId) {
        return repository.profile(orgId).orElse(OrgProfile.unknown(orgId));
    }

    /** The week before the one running now in the org's time zone. */
    public IsoWeek lastCompleteWeek(OrgProfile profile) {
        return IsoWeek.of(LocalDate.ofInstant(clock.instant(), profile.zone())).previous();
    }

    @Transactional(readOnly = true)
    public WeeklyInsights figures(UUID orgId, IsoWeek week) {
        OrgProfile profile = profile(orgId);
        Instant from = week.monday().atStartOfDay(profile.zone()).toInstant();
        Instant to = week.monday().plusWeeks(1).atStartOfDay(profile.zone()).toInstant();
        InsightRepository.Counts counts = repository.counts(orgId, from, to);
        Map<String, Long> revenue = new TreeMap<>(repository.revenue(orgId, from, to));
        WeeklyInsights.Rep best = repository
                .bestRep(orgId, from, to)
                .map(r -> new WeeklyInsights.Rep(r.userId(), r.name(), r.conversions(), r.replies()))
                .orElse(null);
        Long revenueActual = revenue.size() == 1 ? revenue.values().iterator().next() : revenue.isEmpty() ? 0L : null;
        List<WeeklyInsights.Target> targets = new ArrayList<>();
        for (String metric : TARGETS) {
            Long monthly = profile.monthlyTargets().get(metric);
            if (monthly == null) {
                continue;
            }
            Long actual = switch (metric) {
                case "leads" -> counts.newLeads();
                case "contacted" -> counts.contacted();
                case "replied" -> counts.replies();
                case "won" -> counts.conversions();
                default -> revenueActual;
            };
            // a month's target over a week: × 12 months / 52 weeks (the same every week of the year)
            double weekly = BigDecimal.valueOf(monthly)
                    .multiply(BigDecimal.valueOf(12))
                    .divide(BigDecimal.valueOf(52), 1, RoundingMode.HALF_UP)
                    .doubleValue();
            Long percent = actual == null || weekly == 0 ? null : Math.round(actual * 100.0 / weekly);
            targets.add(new WeeklyInsights.Target(metric, actual, monthly, weekly, percent));
        }
        return new WeeklyInsights(
                orgId,
                profile.companyName(),
                week.toString(),
                week.monday(),
                week.sunday(),
                profile.zone().getId(),
                counts.newLeads(),
                counts.contacted(),
                counts.replies(),
                counts.hotLeads(),
                counts.conversions(),
                revenue.entrySet().stream()
                        .map(e -> new WeeklyInsights.Money(e.getKey(), e.getValue()))
                        .toList(),
                best,
                targets);
    }

    /**
     * Sends every report that is due: for each org with an active admin, the last complete week
     * once the schedule's first time in the current week (in the org's time zone) has passed.
     *
     * @return how many reports this call sent
     */
    public int sendDue() {
        return sendDue(repository.orgsWithAdmins());
    }

    /** {@link #sendDue()} for these orgs only. */
    public int sendDue(Collection<UUID> orgs) {
        CronExpression cron = CronExpression.parse(settings.insightsCron());
        int sent = 0;
        for (UUID orgId : orgs) {
            OrgProfile profile = profile(orgId);
            ZonedDateTime now = clock.instant().atZone(profile.zone());
            LocalDate monday = now.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            ZonedDateTime due = cron.next(monday.atStartOfDay(profile.zone()).minusNanos(1));
            IsoWeek week = IsoWeek.of(monday).previous();
            if (due == null || due.isAfter(now) || repository.sent(orgId, week)) {
                continue;
            }
            try {
                if (Boolean.TRUE.equals(transactions.execute(status -> sendOne(orgId, week)))) {
                    sent++;
                }
            } catch (RuntimeException e) {
                // rolled back: nothing claimed, nothing queued; the next round tries again
                meters.counter("notification.insights.reports", "outcome", "failed")
                        .increment();
                log.warn("weekly insights failed, will retry: org={} week={} error={}", orgId, week, e.toString());
            }
        }
        return sent;
    }

    /**
     * Claims (org, week) and queues the emails in ONE transaction: another instance that claims the
     * same week waits for this one and then finds the row; a crash before commit leaves nothing.
     */
    private boolean sendOne(UUID orgId, IsoWeek week) {
        if (!repository.claim(orgId, week, clock.instant())) {
            meters.counter("notification.insights.reports", "outcome", "already_sent")
                    .increment();
            return false;
        }
        WeeklyInsights figures = figures(orgId, week);
        MailGateway.Rich rich = new MailGateway.Rich(
                documents.html(figures), documents.pdf(figures), "leadpulse-insights-" + week + ".pdf");
        String subject =
                "Your LeadPulse week " + week + (figures.companyName() == null ? "" : " at " + figures.companyName());
        UUID sourceId = UUID.nameUUIDFromBytes(("insights:" + orgId + ":" + week).getBytes(StandardCharsets.UTF_8));
        List<UUID> admins = directory.activeAdmins(orgId);
        Preferences.Choices choices = preferences.ofPeople(admins);
        Map<UUID, DirectoryUser> people = directory.users(admins);
        int recipients = 0;
        for (UUID admin : admins) {
            DirectoryUser user = people.get(admin);
            if (user == null
                    || user.email() == null
                    || user.email().isBlank()
                    || !choices.of(orgId, admin, TYPE).email()) {
                continue;
            }
            if (emails.enqueueRich(orgId, admin, user.email(), subject, documents.text(figures), rich, sourceId)) {
                recipients++;
            }
        }
        repository.recipients(orgId, week, recipients);
        meters.counter("notification.insights.reports", "outcome", "sent").increment();
        log.info("weekly insights queued: org={} week={} recipients={}", orgId, week, recipients);
        return true;
    }
}
