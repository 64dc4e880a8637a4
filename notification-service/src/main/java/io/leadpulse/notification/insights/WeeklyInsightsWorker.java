package io.leadpulse.notification.insights;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks every {@code notification.insights-poll-interval} for weekly reports that are due (the
 * schedule {@code notification.insights-cron} is read in each org's time zone). Several instances
 * may run: the (org, week) row decides who sends.
 */
@Component
class WeeklyInsightsWorker {

    private final WeeklyReports reports;

    WeeklyInsightsWorker(WeeklyReports reports) {
        this.reports = reports;
    }

    @Scheduled(
            fixedDelayString = "${notification.insights-poll-interval:1m}",
            initialDelayString = "${notification.insights-poll-interval:1m}")
    void tick() {
        reports.sendDue();
    }
}
