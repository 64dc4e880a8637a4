package io.leadpulse.messaging;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
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
     * Email goes out through Spring Mail's SMTP client when {@code spring.mail.host} is set, else
     * through an offline sender that accepts it and logs its id.
     *
     * @param from the sender ({@code Name <address>})
     */
    /**
     * @param pollInterval how often the worker looks for due steps
     * @param batchSize enrolments claimed per transaction
     */
    public record Sequences(
            @NotNull Duration pollInterval, @Min(1) int batchSize) {}

    public record Email(@NotBlank String from) {}

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
