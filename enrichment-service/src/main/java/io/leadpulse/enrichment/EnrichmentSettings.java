package io.leadpulse.enrichment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * enrichment-service settings ({@code enrichment.*}); documented in the service README.
 *
 * @param geo the SerpAPI-shaped search API that places a lead (empty key: offline, from the phone)
 * @param ai the OpenAI-compatible chat-completions API that writes first lines (empty key: a template)
 * @param worker the durable job queue's worker
 */
@Validated
@ConfigurationProperties("enrichment")
public record EnrichmentSettings(
        @Valid @NotNull Provider geo,
        @Valid @NotNull Provider ai,
        @Valid @NotNull Worker worker) {

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
}
