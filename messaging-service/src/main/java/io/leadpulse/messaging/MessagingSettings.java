package io.leadpulse.messaging;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * messaging-service settings ({@code messaging.*}); documented in the service README.
 *
 * @param twilio the provider, and how its webhooks reach us
 * @param sending the durable send queue
 * @param webhooks the worker that processes stored webhooks
 * @param sandbox the offline sender used when no Twilio account is configured
 * @param email the EMAIL channel
 * @param orgDefaults what an organisation has until an admin changes it
 * @param sequences the worker that runs due sequence steps
 */
@Validated
@ConfigurationProperties("messaging")
public record MessagingSettings(
        @Valid @NotNull Twilio twilio,
        @Valid @NotNull Sending sending,
        @Valid @NotNull Webhooks webhooks,
        @Valid @NotNull Sandbox sandbox,
        @Valid @NotNull Email email,
        @Valid @NotNull OrgDefaults orgDefaults,
        @Valid @NotNull Sequences sequences) {

    /**
     * @param accountSid Twilio account; empty selects the offline sandbox sender
     * @param authToken signs Twilio's webhooks (and the sandbox's); with {@code accountSid}, the API password
     * @param apiBaseUrl where the SDK's requests go; {@code https://api.twilio.com} in production, a
     *     WireMock server in tests
     * @param smsFrom the sending number for SMS (E.164)
     * @param whatsappFrom the sending number for WhatsApp (E.164, without {@code whatsapp:})
     * @param statusCallbackUrl the public URL of our status webhook, given to Twilio with every message
     * @param publicBaseUrl the public origin webhooks are signed over ({@code https://app.example});
     *     empty: rebuilt from {@code X-Forwarded-*} or the request
     * @param maxWebhookBytes larger webhook bodies get 413
     */
    public record Twilio(
            String accountSid,
            @NotBlank String authToken,
            @NotBlank String apiBaseUrl,
            @NotBlank String smsFrom,
            @NotBlank String whatsappFrom,
            @NotBlank String statusCallbackUrl,
            String publicBaseUrl,
            @Min(1024) int maxWebhookBytes) {

        public boolean configured() {
            return accountSid != null && !accountSid.isBlank();
        }
    }

    /**
     * @param validity how long a queued message may wait before it expires instead of going out late
     * @param senderInterval the least time between two messages of one sending number (1 s: 1 msg/s)
     * @param pollInterval how often the worker looks for due messages
     * @param batchSize messages claimed per round
     * @param retryDelay wait before a message the provider could not take (5xx, network) is tried again
     * @param maxAttempts attempts before such a message fails
     * @param sendingTimeout a message claimed this long ago with no answer recorded (the instance died
     *     mid-call) is failed rather than sent twice
     */
    public record Sending(
            @NotNull Duration validity,
            @NotNull Duration senderInterval,
            @NotNull Duration pollInterval,
            @Min(1) int batchSize,
            @NotNull Duration retryDelay,
            @Min(1) int maxAttempts,
            @NotNull Duration sendingTimeout) {}

    /**
     * @param pollInterval how often the worker looks for stored webhooks to process
     * @param batchSize webhooks processed per round
     * @param unknownSidRetry wait before a status for a MessageSid we do not know yet is tried again
     * @param unknownSidKeep how long such a status is kept waiting for its message before it is set aside
     */
    public record Webhooks(
            @NotNull Duration pollInterval,
            @Min(1) int batchSize,
            @NotNull Duration unknownSidRetry,
            @NotNull Duration unknownSidKeep) {}

    /**
     * @param sentAfter delay of the simulated {@code sent} callback
     * @param deliveredAfter delay of the simulated {@code delivered} (or {@code undelivered}) callback
     */
    public record Sandbox(
            @NotNull Duration sentAfter, @NotNull Duration deliveredAfter) {}

    /**
     * @param pollInterval how often the worker looks for due steps
     * @param batchSize enrolments claimed per transaction
     * @param workers transactions claiming due steps at once
     * @param firstLineWait how long after a lead's creation a step using {@code {{firstLine}}} waits
     *     for enrichment's first line before it goes out with {@code firstLineFallback}
     * @param firstLineFallback what {@code {{firstLine}}} renders for a lead that has none (may be empty)
     */
    public record Sequences(
            @NotNull Duration pollInterval,
            @Min(1) int batchSize,
            @Min(1) int workers,
            @NotNull Duration firstLineWait,
            @NotNull String firstLineFallback) {}

    /**
     * Email goes out through Spring Mail's SMTP client when {@code spring.mail.host} is set, else
     * through an offline sender that accepts it and logs its id.
     *
     * @param from the sender ({@code Name <address>})
     * @param warmup daily caps of a new sending address
     * @param bounces bounce and complaint reports, and what they do
     * @param tracking open pixel and click redirects
     */
    public record Email(
            @NotBlank String from,
            @Valid @NotNull Warmup warmup,
            @Valid @NotNull Bounces bounces,
            @Valid @NotNull Tracking tracking) {}

    /**
     * @param ramp the daily cap on day 0, 1, 2... after a sender's first send; the last holds after
     * @param zone the zone whose midnight starts a new day
     */
    public record Warmup(
            @NotEmpty List<@Min(1) Integer> ramp, @NotNull java.time.ZoneId zone) {

        public int capOn(long day) {
            return ramp.get((int) Math.min(day, ramp.size() - 1L));
        }
    }

    /**
     * @param imapHost the bounce mailbox's IMAP server (the Return-Path of our email); empty: no
     *     reports are read
     * @param imapPort its port
     * @param imapSsl IMAPS rather than plain IMAP
     * @param username the mailbox's user
     * @param password its password
     * @param folder the folder reports arrive in
     * @param pollInterval how often the mailbox is read
     * @param softRetryDelay when a soft-bounced email is sent again
     * @param softRetryLimit soft bounces of one email after which it is not sent again
     */
    public record Bounces(
            String imapHost,
            @Min(0) int imapPort,
            boolean imapSsl,
            String username,
            String password,
            @NotBlank String folder,
            @NotNull Duration pollInterval,
            @NotNull Duration softRetryDelay,
            @Min(0) int softRetryLimit) {

        public boolean configured() {
            return imapHost != null && !imapHost.isBlank();
        }
    }

    /**
     * @param baseUrl the public origin of {@code /t/o/…} and {@code /t/c/…} (the gateway)
     * @param secret HMAC key of the tracking tokens; empty: a random key per process (links die with
     *     it: set one shared value in production)
     */
    public record Tracking(@NotBlank String baseUrl, String secret) {}

    /**
     * @param helpReply the answer to HELP and INFO
     * @param quietStart recipients' local time from which messages may go out
     * @param quietEnd recipients' local time from which messages wait ({@code start == end}: none)
     * @param timezone for numbers that tell no timezone
     */
    public record OrgDefaults(
            @NotBlank String helpReply,
            @NotNull java.time.LocalTime quietStart,
            @NotNull java.time.LocalTime quietEnd,
            @NotNull java.time.ZoneId timezone) {}
}
