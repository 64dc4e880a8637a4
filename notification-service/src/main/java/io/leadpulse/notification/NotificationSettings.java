package io.leadpulse.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings ({@code notification.*}); documented in the service README.
 *
 * @param reminderLeadTime how long before an appointment starts its assignee is reminded
 * @param reminderPollInterval how often the reminder worker looks for due reminders
 * @param reminderBatchSize reminders claimed per round
 * @param collapseWindow repeats of one noisy kind (preview views of one lead) within this window
 *     fold into one unread notification
 * @param mailFrom the sender address of notification emails
 * @param emailPollInterval how often the email worker sends what is queued
 * @param insightsCron when the weekly insights go out, read in each org's time zone (Spring cron,
 *     six fields); the first time it fires in a week sends the previous week
 * @param insightsPollInterval how often the insights worker looks for reports that are due
 */
@ConfigurationProperties("notification")
public record NotificationSettings(
        @DefaultValue("15m") Duration reminderLeadTime,
        @DefaultValue("1s") Duration reminderPollInterval,
        @DefaultValue("100") int reminderBatchSize,
        @DefaultValue("1h") Duration collapseWindow,
        @DefaultValue("notifications@leadpulse.local") String mailFrom,
        @DefaultValue("2s") Duration emailPollInterval,
        @DefaultValue("0 0 8 * * MON") String insightsCron,
        @DefaultValue("1m") Duration insightsPollInterval) {}
