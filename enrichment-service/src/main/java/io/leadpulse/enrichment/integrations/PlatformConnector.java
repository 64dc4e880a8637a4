package io.leadpulse.enrichment.integrations;

import java.net.URI;
import java.util.Optional;

/**
 * One external platform: its OAuth2 endpoints and its paginated lists. Implementations call the
 * platform through {@code PoliteHttp} (rate limit, Retry-After, retries, circuit breaker, timeouts)
 * and throw {@code ProviderException} for what the platform could not answer.
 */
public interface PlatformConnector {

    /** The name in URLs and events ({@code highlevel}). */
    String provider();

    /** Why it cannot be connected (no client id), or empty when it can. */
    Optional<String> notConfiguredReason();

    /** Where the admin's browser goes to allow access; the platform sends it back with {@code code} and {@code state}. */
    URI authorizeUrl(String state, String redirectUri);

    /**
     * Exchanges an authorisation code for tokens.
     *
     * @throws GrantRejected when the platform refuses the code (invalid, used, expired)
     */
    OAuthTokens exchange(String code, String redirectUri);

    /**
     * A new access token from the refresh token.
     *
     * @throws GrantRejected when the refresh token was revoked ({@code invalid_grant})
     */
    OAuthTokens refresh(String refreshToken);

    /**
     * One page of {@code type}, starting at {@code cursor} (null: from the start of the list).
     *
     * @throws AccessTokenRejected on a 401: the caller refreshes and asks again
     */
    SyncPage fetch(DataType type, String accessToken, String account, String cursor);

    /** The platform refused the access token (401). */
    final class AccessTokenRejected extends RuntimeException {
        public AccessTokenRejected(String message) {
            super(message, null, false, false);
        }
    }

    /** The platform refused a grant: an {@code invalid_grant} on a refresh means re-authorisation. */
    final class GrantRejected extends RuntimeException {
        private final String error;

        public GrantRejected(String error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        /** The OAuth2 error code, for example {@code invalid_grant}. */
        public String error() {
            return error;
        }
    }
}
