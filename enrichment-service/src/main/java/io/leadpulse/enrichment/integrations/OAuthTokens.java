package io.leadpulse.enrichment.integrations;

import java.time.Duration;

/**
 * What a platform's token endpoint answered. Never logged, never returned by the API.
 *
 * @param refreshToken null when the platform kept the previous one (then it stays)
 * @param expiresIn the access token's lifetime as the platform said it
 * @param account the platform's account the grant is for (GoHighLevel: the location id)
 */
public record OAuthTokens(String accessToken, String refreshToken, Duration expiresIn, String scope, String account) {

    @Override
    public String toString() {
        return "OAuthTokens[expiresIn=" + expiresIn + ", scope=" + scope + ", account=" + account + "]";
    }
}
