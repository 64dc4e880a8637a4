package io.leadpulse.notification;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
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
 * @param sms SMS notifications (ADR 0023)
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
        @DefaultValue("1m") Duration insightsPollInterval,
        @DefaultValue Sms sms) {

    /**
     * SMS notifications through Twilio's Messages API (the official SDK), or logged by the offline
     * gateway while {@code accountSid} is empty.
     *
     * @param from the sender number texts come from ({@code NOTIFICATION_SMS_FROM}); the default is
     *     Twilio's test number, which messaging-service's sandbox uses too
     * @param accountSid Twilio account; empty means the offline gateway
     * @param authToken Twilio auth token (basic auth with the account SID)
     * @param apiBaseUrl where the SDK sends its requests (tests: WireMock; a deployment: Twilio or a proxy)
     * @param appUrl the console's address, for the link a text carries
     * @param pollInterval how often the worker sends what is due
     * @param lease how long a claimed text is left to its worker before another may retry it
     * @param maxAttempts sends tried before a text that keeps failing (5xx, network) is given up
     * @param quietStart start of the quiet hours, in the org's time zone: no text from then
     * @param quietEnd end of the quiet hours: deferred texts go out then
     * @param urgentTypes notification types texted even in quiet hours
     */
    public record Sms(
            @DefaultValue("+15005550006") String from,
            @DefaultValue("") String accountSid,
            @DefaultValue("dev-twilio-token") String authToken,
            @DefaultValue("https://api.twilio.com") String apiBaseUrl,
            @DefaultValue("http://localhost:8080") String appUrl,
            @DefaultValue("2s") Duration pollInterval,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("21:00") String quietStart,
            @DefaultValue("08:00") String quietEnd,
            @DefaultValue("appointment.reminder") List<String> urgentTypes) {

        public Sms {
            // fail at start-up on a time that does not parse, not at the first text
            LocalTime.parse(quietStart);
            LocalTime.parse(quietEnd);
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("notification.sms.max-attempts must be at least 1");
            }
        }

        public boolean twilioConfigured() {
            return accountSid != null && !accountSid.isBlank();
        }

        public LocalTime quietStartTime() {
            return LocalTime.parse(quietStart);
        }

        public LocalTime quietEndTime() {
            return LocalTime.parse(quietEnd);
        }
    }
}
