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
 */
@ConfigurationProperties("notification")
public record NotificationSettings(
        @DefaultValue("15m") Duration reminderLeadTime,
        @DefaultValue("1s") Duration reminderPollInterval,
        @DefaultValue("100") int reminderBatchSize,
        @DefaultValue("1h") Duration collapseWindow,
        @DefaultValue("notifications@leadpulse.local") String mailFrom,
        @DefaultValue("2s") Duration emailPollInterval) {}
