package io.leadpulse.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings ({@code gateway.*}). Their defaults and environment variables are in
 * {@code application.yml}, the one place they are written; the README lists them. Routes, JWT and Spring Cloud
 * Gateway settings live under their usual Spring prefixes in the same file.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewaySettings(
        @NotNull DataSize maxBodySize,
        @NotNull DataSize maxUploadSize,
        @NotNull List<String> largeBodyPaths,
        @Valid @NotNull Cors cors,
        @Valid @NotNull RateLimit rateLimit,
        @Valid @NotNull Security security,
        @Valid @NotNull Console console) {

    public record Cors(
            @NotNull List<String> allowedOrigins, @NotNull Duration maxAge) {}

    /**
     * Token buckets held in this instance's memory: several gateway instances each hold their own buckets, so the
     * effective limit is the configured one times the number of instances a client's requests are spread over.
     * {@code idleExpiry} must exceed the time a bucket takes to refill, or forgetting a key would hand out a new burst.
     */
    public record RateLimit(
            boolean enabled,
            @Valid @NotNull Bucket perIp,
            @Valid @NotNull Bucket perUser,
            @Valid @NotNull Bucket webhooks,
            @Positive long maxTrackedKeys,
            @NotNull Duration idleExpiry) {}

    public record Bucket(@Positive long capacity, @Positive double refillPerSecond) {}

    /**
     * The web console served at {@code /} ({@code web-console} module, docs/adr/0021): {@code enabled} serves it from
     * {@code location} (the jar's {@code classpath:/console/}; {@code file:web-console/target/classes/console/} serves a
     * fresh {@code npm run build} without restarting); {@code socketOrigins} are added to its CSP's
     * {@code connect-src} beside this origin and its {@code ws(s)://} twin (e.g. {@code wss://realtime.example.com}
     * when sockets are served elsewhere).
     */
    public record Console(
            boolean enabled,
            @NotEmpty String location,
            @NotNull List<String> socketOrigins) {}

    /**
     * {@code openEndpoints}: {@code "METHOD /pattern"} or {@code "/pattern"}, the /api endpoints that need no token
     * (and ignore a stale one); {@code adminOnlyPaths}: /api paths that need the ADMIN role.
     */
    public record Security(
            @NotEmpty List<String> openEndpoints,
            @NotNull List<String> adminOnlyPaths,
            @Valid @NotNull VerifiedTokens verifiedTokens) {}

    /**
     * Tokens whose signature and claims were checked, reused until their {@code exp} or {@code maxAge}
     * ({@code security.VerifiedTokenCache}, ADR 0029); {@code maxSize} 0 checks every request's token afresh.
     */
    public record VerifiedTokens(
            @PositiveOrZero long maxSize, @NotNull Duration maxAge) {}
}
