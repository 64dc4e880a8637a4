package io.leadpulse.enrichment.providers;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.leadpulse.enrichment.EnrichmentSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's HTTP calls, made politely: a bulkhead (calls in flight), a retry with exponential
 * backoff that honours {@code Retry-After} and {@code X-RateLimit-Reset}, a circuit breaker per
 * attempt, a gate that stops when the provider says {@code X-RateLimit-Remaining: 0} until its
 * reset, our own rate limiter (the provider's published limit), and a timeout on every request.
 * Order, outermost first: bulkhead, retry, circuit breaker, quota gate, rate limiter, request.
 *
 * <p>Each HTTP attempt counts once in {@code enrichment.provider.calls{provider,outcome}}: {@code ok},
 * {@code rate_limited} (a 429, or our limiter or the gate refused), {@code failed} (5xx, timeout,
 * network, an answer we cannot use), plus {@code retried} per retry and {@code circuit_open} per
 * call the open circuit refused.
 */
public final class PoliteHttp {

    private static final Logger log = LoggerFactory.getLogger(PoliteHttp.class);

    private final String name;
    private final EnrichmentSettings.Provider settings;
    private final HttpClient http;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final QuotaGate gate = new QuotaGate();
    private final MeterRegistry meters;

    public PoliteHttp(
            String name, EnrichmentSettings.Provider settings, CircuitBreakerRegistry breakers, MeterRegistry meters) {
        this.name = name;
        this.settings = settings;
        this.meters = meters;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.bulkhead = Bulkhead.of(
                name,
                BulkheadConfig.custom()
                        .maxConcurrentCalls(settings.concurrency())
                        .maxWaitDuration(settings.rateWait())
                        .build());
        this.limiter = RateLimiter.of(
                name,
                RateLimiterConfig.custom()
                        .limitForPeriod(settings.rateLimit())
                        .limitRefreshPeriod(settings.ratePeriod())
                        .timeoutDuration(settings.rateWait())
                        .build());
        this.breaker = breakers.circuitBreaker(
                name,
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(settings.breakerFailureRate())
                        .slidingWindowSize(settings.breakerWindow())
                        .minimumNumberOfCalls(settings.breakerWindow())
                        .waitDurationInOpenState(settings.breakerOpen())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordExceptions(ProviderException.class)
                        // A 429 is the provider being busy, not broken: the retry and the gate handle it.
                        .ignoreExceptions(RateLimited.class)
                        .build());
        this.retry = Retry.of(
                name,
                RetryConfig.custom()
                        .maxAttempts(settings.retryAttempts())
                        .intervalBiFunction((IntervalBiFunction<Object>)
                                (attempt, outcome) -> waitBefore(attempt, outcome.getLeft()))
                        .retryOnException(this::worthWaitingFor)
                        .failAfterMaxAttempts(false)
                        .build());
        retry.getEventPublisher().onRetry(event -> count("retried"));
    }

    public String name() {
        return name;
    }

    /** GET; the body of a 2xx answer. */
    public String get(URI uri, Map<String, String> headers) {
        return call(() -> request(uri, headers).GET().build());
    }

    /** POST of a JSON body; the body of a 2xx answer. */
    public String postJson(URI uri, Map<String, String> headers, String json) {
        return call(() -> request(uri, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** POST of an {@code application/x-www-form-urlencoded} body (OAuth2 token requests); the body of a 2xx answer. */
    public String postForm(URI uri, Map<String, String> headers, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((key, value) -> {
            if (value != null) {
                if (!body.isEmpty()) {
                    body.append('&');
                }
                body.append(java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8))
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return call(() -> request(uri, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    /** Marks a 2xx answer as unusable (garbage JSON): a failure for the circuit breaker's count. */
    public ProviderException.InvalidAnswer invalid(String why) {
        breaker.onError(0, java.util.concurrent.TimeUnit.MILLISECONDS, new ProviderException.InvalidAnswer(why));
        count("failed");
        return new ProviderException.InvalidAnswer(name + ": " + why);
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        headers.forEach(builder::header);
        return builder;
    }

    private String call(Supplier<HttpRequest> request) {
        Supplier<String> attempt = () -> attempt(request.get());
        Supplier<String> guarded = Bulkhead.decorateSupplier(
                bulkhead, Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, attempt)));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            count("circuit_open");
            throw new ProviderException.Unavailable(name + ": circuit open", settings.breakerOpen(), false, true);
        } catch (BulkheadFullException e) {
            count("rate_limited");
            throw new ProviderException.Unavailable(name + ": too many calls in flight", settings.rateWait(), true);
        } catch (RateLimited e) {
            throw new ProviderException.Unavailable(name + ": " + e.getMessage(), e.retryAfter, true);
        } catch (Failed e) {
            throw new ProviderException.Unavailable(name + ": " + e.getMessage(), e.retryAfter, false);
        } catch (ProviderException e) {
            throw e;
        }
    }

    /** One HTTP request behind the quota gate and our limiter; classifies the answer. */
    private String attempt(HttpRequest request) {
        gate.await(settings.rateWait());
        if (!limiter.acquirePermission()) {
            count("rate_limited");
            throw new RateLimited("rate limiter: no permit within " + settings.rateWait(), settings.ratePeriod());
        }
        HttpResponse<String> response;
        long sequence = gate.sent();
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            gate.lost(sequence);
            count("failed");
            throw new Failed("timed out after " + settings.timeout(), null);
        } catch (IOException e) {
            gate.lost(sequence);
            count("failed");
            throw new Failed("network: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            gate.lost(sequence);
            Thread.currentThread().interrupt();
            throw new Failed("interrupted", null);
        }
        int status = response.statusCode();
        Duration hint = gate.observe(sequence, response.headers(), status);
        if (status == 429) {
            count("rate_limited");
            throw new RateLimited("429 Too Many Requests", hint);
        }
        if (status >= 500) {
            count("failed");
            throw new Failed("HTTP " + status, hint);
        }
        if (status >= 400) {
            count("failed");
            throw new ProviderException.InvalidAnswer(name + ": HTTP " + status, status, response.body());
        }
        count("ok");
        return response.body();
    }

    private boolean worthWaitingFor(Throwable e) {
        Duration wait = e instanceof Transient t ? t.retryAfter : null;
        boolean transientFailure = e instanceof Transient;
        return transientFailure && (wait == null || wait.compareTo(settings.retryMaxWait()) <= 0);
    }

    private long waitBefore(int attempt, Throwable e) {
        long backoff = settings.retryBackoff().toMillis() * (1L << Math.min(attempt - 1, 20));
        Duration asked = e instanceof Transient t ? t.retryAfter : null;
        long wait = asked == null ? backoff : Math.max(asked.toMillis(), 1);
        return Math.min(wait, settings.retryMaxWait().toMillis());
    }

    private void count(String outcome) {
        meters.counter("enrichment.provider.calls", "provider", name, "outcome", outcome)
                .increment();
    }

    /** A failure worth retrying, with the provider's hint of when. */
    private abstract static class Transient extends ProviderException.Unavailable {
        final Duration retryAfter;

        Transient(String message, Duration retryAfter, boolean rateLimited) {
            super(message, retryAfter, rateLimited);
            this.retryAfter = retryAfter;
        }
    }

    private static final class RateLimited extends Transient {
        RateLimited(String message, Duration retryAfter) {
            super(message, retryAfter, true);
        }
    }

    private static final class Failed extends Transient {
        Failed(String message, Duration retryAfter) {
            super(message, retryAfter, false);
        }
    }

    /**
     * What the provider told us of its own window: with {@code X-RateLimit-Remaining: 0}, no call
     * leaves before {@code X-RateLimit-Reset}; each call leaving counts against what remains, so
     * answers still in flight cannot talk us past the limit.
     */
    private final class QuotaGate {
        private Integer remaining;
        private Instant resetAt;
        /**
         * Requests sent whose answer has not come back, by order of sending: those sent after the
         * one answering may not be in the count it carries.
         */
        private final java.util.TreeSet<Long> inFlight = new java.util.TreeSet<>();

        private long sequence;

        synchronized long sent() {
            long mine = ++sequence;
            inFlight.add(mine);
            return mine;
        }

        synchronized void lost(long mine) {
            inFlight.remove(mine);
        }

        void await(Duration maxWait) {
            Instant deadline = Instant.now().plus(maxWait);
            while (true) {
                Duration wait;
                synchronized (this) {
                    Instant now = Instant.now();
                    if (resetAt != null && !now.isBefore(resetAt)) {
                        remaining = null;
                        resetAt = null;
                    }
                    if (remaining == null || remaining > 0) {
                        if (remaining != null) {
                            remaining--;
                        }
                        return;
                    }
                    wait = Duration.between(now, resetAt);
                    if (now.plus(wait).isAfter(deadline)) {
                        count("rate_limited");
                        throw new RateLimited("provider quota used up until " + resetAt, wait);
                    }
                }
                sleep(wait);
            }
        }

        /** Reads the provider's rate headers; returns how long it asked us to wait, if it did. */
        Duration observe(long mine, HttpHeaders headers, int status) {
            Instant now = Instant.now();
            Duration retryAfter = headers.firstValue("Retry-After")
                    .map(v -> parseRetryAfter(v, now))
                    .orElse(null);
            Duration untilReset = headers.firstValue("X-RateLimit-Reset")
                    .map(v -> parseReset(v, now))
                    .orElse(null);
            Integer left = headers.firstValue("X-RateLimit-Remaining")
                    .map(PoliteHttp::parseInt)
                    .orElse(null);
            synchronized (this) {
                inFlight.remove(mine);
                if (untilReset != null && left != null) {
                    Instant reset = now.plus(untilReset);
                    // What the provider said remains, less what we sent after this request (it may
                    // not have counted those yet).
                    int usable =
                            Math.max(0, left - inFlight.tailSet(mine, false).size());
                    if (resetAt == null || reset.isAfter(resetAt.plusMillis(500))) {
                        resetAt = reset; // a new window
                        remaining = usable;
                    } else {
                        remaining = remaining == null ? usable : Math.min(remaining, usable);
                    }
                }
                if (status == 429) {
                    Duration wait = retryAfter != null ? retryAfter : untilReset;
                    if (wait != null) {
                        remaining = 0;
                        resetAt = now.plus(wait);
                    }
                }
            }
            if (status == 429 || status == 503) {
                Duration hint = retryAfter != null ? retryAfter : untilReset;
                log.info("provider asked to wait: provider={} status={} wait={}", name, status, hint);
                return hint;
            }
            return retryAfter;
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted", null);
        }
    }

    static Duration parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (RuntimeException unparsable) {
                return null;
            }
        }
    }

    /** {@code X-RateLimit-Reset}: seconds until the reset, or (above 10^9) its epoch second. */
    static Duration parseReset(String value, Instant now) {
        try {
            double number = Double.parseDouble(value.trim());
            if (number > 1_000_000_000d) {
                Instant at = Instant.ofEpochMilli((long) (number * 1000));
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            }
            return Duration.ofMillis((long) Math.max(0, number * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
