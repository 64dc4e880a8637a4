package io.leadpulse.enrichment.providers;

import java.time.Duration;

/** A provider call that gave no usable answer; what the job does next depends on the kind. */
public abstract sealed class ProviderException extends RuntimeException
        permits ProviderException.Unavailable, ProviderException.InvalidAnswer {

    private ProviderException(String message) {
        super(message, null, false, false);
    }

    /**
     * The provider cannot answer now (down, 5xx, timeout, rate limited, circuit open): the job
     * waits and tries again, no sooner than {@code retryAfter} when the provider said so.
     */
    public static non-sealed class Unavailable extends ProviderException {
        private final Duration retryAfter;
        private final boolean rateLimited;
        private final boolean circuitOpen;

        public Unavailable(String message, Duration retryAfter, boolean rateLimited) {
            this(message, retryAfter, rateLimited, false);
        }

        public Unavailable(String message, Duration retryAfter, boolean rateLimited, boolean circuitOpen) {
            super(message);
            this.retryAfter = retryAfter;
            this.rateLimited = rateLimited;
            this.circuitOpen = circuitOpen;
        }

        /** The circuit breaker refused the call without trying: the provider failed lately. */
        public boolean circuitOpen() {
            return circuitOpen;
        }

        /** The least wait the provider (or our own limiter, or the open circuit) asks for; may be null. */
        public Duration retryAfter() {
            return retryAfter;
        }

        public boolean rateLimited() {
            return rateLimited;
        }
    }

    /** The provider answered, but not with something we can use (garbage JSON, 4xx): bounded tries. */
    public static final class InvalidAnswer extends ProviderException {
        private final int status;
        private final String body;

        public InvalidAnswer(String message) {
            this(message, 0, null);
        }

        /**
         * A 4xx answer: its status and body, for callers that tell one 4xx from another (a 401 asks
         * for a token refresh, an OAuth {@code invalid_grant} for re-authorisation). The body is
         * never logged.
         */
        public InvalidAnswer(String message, int status, String body) {
            super(message);
            this.status = status;
            this.body = body;
        }

        /** The HTTP status of a 4xx answer; 0 when the answer was a 2xx we could not use. */
        public int status() {
            return status;
        }

        /** The body of a 4xx answer, or null. */
        public String body() {
            return body;
        }
    }
}
