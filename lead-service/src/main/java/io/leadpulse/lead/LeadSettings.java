package io.leadpulse.lead;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * lead-service settings ({@code lead.*}); documented in the service README.
 *
 * @param auth token issuing
 * @param seedDemo create the demo organisation and logins at start-up (one-machine run only)
 * @param defaultPhoneRegion region for phone numbers written without a country code, unless the
 *     organisation's settings name another
 * @param quota the default plan's quota
 * @param preview preview pages and their beacon
 */
@Validated
@ConfigurationProperties("lead")
public record LeadSettings(
        @NotNull Auth auth,
        boolean seedDemo,
        @NotBlank String defaultPhoneRegion,
        @NotNull Quota quota,
        @NotNull Preview preview) {

    /**
     * Public preview pages ({@code /p/{token}}) and the events their beacon sends.
     *
     * @param eventsPerMinutePerToken beacon events one page may send per minute before 429
     * @param eventsPerMinutePerAddress beacon events one client address may send per minute
     * @param maxSecondsPerView seconds on page one view can add at most, so a forged beacon cannot
     *     inflate the time without bound
     * @param heartbeatInterval how often an open page reports the seconds it was visible
     */
    public record Preview(
            @Min(1) int eventsPerMinutePerToken,
            @Min(1) int eventsPerMinutePerAddress,
            @Min(1) int maxSecondsPerView,
            @NotNull Duration heartbeatInterval) {}

    /**
     * The plan an organisation has until billing says otherwise (PRODUCT.md F3: trial, 500 leads).
     *
     * @param plan plan code
     * @param planStatus subscription status shown with it
     * @param leadLimit leads the organisation may hold
     */
    public record Quota(
            @NotBlank String plan,
            @NotBlank String planStatus,
            @Min(0) int leadLimit) {}

    /**
     * @param issuer the {@code iss} claim; resource servers check it
     * @param privateKeyLocation PKCS#8 PEM of the RSA signing key; empty generates an ephemeral key
     * @param tokenTtl lifetime of an access token
     * @param maxFailedLogins failed logins for one email within {@code failedLoginWindow} before
     *     further attempts get 429
     * @param failedLoginWindow how long a failed login counts
     */
    public record Auth(
            @NotBlank String issuer,
            Resource privateKeyLocation,
            @NotNull Duration tokenTtl,
            @Min(1) int maxFailedLogins,
            @NotNull Duration failedLoginWindow) {}
}
