package io.leadpulse.enrichment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * enrichment-service settings ({@code enrichment.*}); documented in the service README.
 *
 * @param geo the SerpAPI-shaped search API that places a lead (empty key: offline, from the phone)
 * @param ai the OpenAI-compatible chat-completions API that writes first lines (empty key: a template)
 * @param worker the durable job queue's worker
 * @param integrations external platform sync (F8): OAuth connections, token encryption, schedules
 */
@Validated
@ConfigurationProperties("enrichment")
public record EnrichmentSettings(
        @Valid @NotNull Provider geo,
        @Valid @NotNull Provider ai,
        @Valid @NotNull Worker worker,
        @Valid @NotNull Integrations integrations) {

    /**
     * One HTTP provider and how politely we call it (Resilience4j per provider, docs/adr/0015).
     *
     * @param url the API's origin ({@code https://serpapi.com}, {@code https://api.openai.com}); a
     *     WireMock server in tests, a stand-in in the benchmark
     * @param key the API key; empty selects the offline provider and no request ever leaves
     * @param model the chat model (ai only)
     * @param timeout per request, connect to last byte
     * @param rateLimit requests allowed per {@code ratePeriod} (the provider's published limit)
     * @param ratePeriod the rate limiter's window
     * @param rateWait how long a call may wait for a permit (limiter, provider's remaining-quota
     *     gate, bulkhead) before its job is put back with a next-attempt time
     * @param retryAttempts attempts per call, the first included (429, 5xx, timeouts, network)
     * @param retryBackoff wait before the first retry; doubled each time
     * @param retryMaxWait the longest wait a call sleeps through (backoff or {@code Retry-After});
     *     a longer one puts the job back instead, due when the provider said
     * @param breakerFailureRate percentage of failed calls that opens the circuit
     * @param breakerWindow calls the failure rate is measured over (also the least before it opens)
     * @param breakerOpen how long an open circuit refuses calls before it tries again
     * @param concurrency calls in flight at once (bulkhead)
     * @param cacheTtl how long an answer is reused for the same normalised input
     */
    public record Provider(
            @NotBlank String url,
            String key,
            String model,
            @NotNull Duration timeout,
            @Min(1) int rateLimit,
            @NotNull Duration ratePeriod,
            @NotNull Duration rateWait,
            @Min(1) int retryAttempts,
            @NotNull Duration retryBackoff,
            @NotNull Duration retryMaxWait,
            @Min(1) @Max(100) int breakerFailureRate,
            @Min(1) int breakerWindow,
            @NotNull Duration breakerOpen,
            @Min(1) int concurrency,
            @NotNull Duration cacheTtl) {

        public boolean configured() {
            return key != null && !key.isBlank();
        }
    }

    /**
     * @param pollInterval how often the worker looks for due jobs
     * @param batchSize jobs claimed per round
     * @param threads jobs worked on at once
     * @param lease a claimed job not finished by then (the instance died) is due again
     * @param retryBase a job put back waits at least this, doubled per attempt
     * @param retryMax and at most this (unless the provider asked for longer)
     * @param maxInvalidAnswers answers we cannot use (garbage JSON, 4xx) before the job settles for
     *     the offline provider's answer
     * @param giveUpAfter a provider unavailable this long after the job was requested: the job
     *     settles for the offline provider's answer rather than wait for ever
     */
    public record Worker(
            @NotNull Duration pollInterval,
            @Min(1) int batchSize,
            @Min(1) int threads,
            @NotNull Duration lease,
            @NotNull Duration retryBase,
            @NotNull Duration retryMax,
            @Min(1) int maxInvalidAnswers,
            @NotNull Duration giveUpAfter) {}

    /**
     * External platform sync (F8, docs/adr/0016 and 0022).
     *
     * @param tokenKey the AES-256 key (base64 of 32 bytes) that seals access and refresh tokens at rest
     * @param tokenKeyId the name stored beside each ciphertext, so a new key can take over while old
     *     rows still open with {@code previousTokenKeys}
     * @param previousTokenKeys older keys by id (base64), used only to open what they sealed
     * @param stateTtl how long an OAuth {@code state} may wait for its callback
     * @param refreshMargin an access token this close to its expiry is refreshed before use
     * @param redirectUrl the callback URL the platform sends the browser back to; {@code {provider}}
     *     is replaced by the provider's name
     * @param contactsEvery how often contacts are synced
     * @param transactionsEvery how often transactions are synced
     * @param reconcileCron when the nightly reconciliation starts ({@code -} switches it off)
     * @param pollInterval how often the worker looks for due syncs
     * @param lease a sync claimed but not heard of for this long (its instance died) is due again
     * @param maxPagesPerRun pages one claim fetches before it lets others have the worker
     * @param retryBase a failed sync waits this, doubled per consecutive failure
     * @param retryMax and at most this (unless the platform asked for longer)
     * @param maxInvalidAnswers unusable answers in a row before the sync is marked FAILED until its
     *     next scheduled run
     * @param highlevel the GoHighLevel-shaped connector
     */
    public record Integrations(
            @NotBlank String tokenKey,
            @NotBlank String tokenKeyId,
            Map<String, String> previousTokenKeys,
            @NotNull Duration stateTtl,
            @NotNull Duration refreshMargin,
            @NotBlank String redirectUrl,
            @NotNull Duration contactsEvery,
            @NotNull Duration transactionsEvery,
            @NotBlank String reconcileCron,
            @NotNull Duration pollInterval,
            @NotNull Duration lease,
            @Min(1) int maxPagesPerRun,
            @NotNull Duration retryBase,
            @NotNull Duration retryMax,
            @Min(1) int maxInvalidAnswers,
            @Valid @NotNull HighLevel highlevel) {

        public Map<String, String> previousTokenKeys() {
            return previousTokenKeys == null ? Map.of() : previousTokenKeys;
        }
    }

    /**
     * A GoHighLevel-shaped platform: OAuth2 authorisation code flow, cursor-paginated contacts,
     * offset-paginated payment transactions, a {@code Version} header.
     *
     * @param clientId the marketplace app's client id; empty: the provider is listed as not configured
     * @param clientSecret its secret
     * @param authorizeUrl where the admin's browser is sent to choose and allow a location
     * @param apiVersion the {@code Version} header every API call carries
     * @param scopes asked for at authorisation, space separated
     * @param pageSize records per page (the API allows at most 100)
     * @param http the API's origin ({@code url}; the token endpoint is {@code url/oauth/token}) and
     *     how politely it is called (the key is unused)
     */
    public record HighLevel(
            String clientId,
            String clientSecret,
            @NotBlank String authorizeUrl,
            @NotBlank String apiVersion,
            String scopes,
            @Min(1) @Max(100) int pageSize,
            @Valid @NotNull Provider http) {

        public boolean configured() {
            return clientId != null && !clientId.isBlank();
        }
    }
}
