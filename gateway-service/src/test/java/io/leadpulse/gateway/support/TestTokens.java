package io.leadpulse.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/** Mints tokens shaped like lead-service's, signed with keys generated for this test run. */
public final class TestTokens {

    public static final String ISSUER = "leadpulse";
    private static final String KEY_ID = "leadpulse-test";

    /** The key published by the stand-in JWKS endpoint. */
    public static final RSAKey SIGNING_KEY = generate(KEY_ID);
    /** Same key id, different key: what a forger without our private key would produce. */
    public static final RSAKey FORGER_KEY = generate(KEY_ID);

    private TestTokens() {}

    public static String jwksJson() {
        return new JWKSet(SIGNING_KEY.toPublicJWK()).toString();
    }

    public static JWTClaimsSet.Builder claims(String subject, String role) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .claim("org_id", UUID.randomUUID().toString())
                .claim("role", role)
                .claim("name", "Rita Rep")
                .claim("email", "rep1@demo.test")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))));
    }

    public static String rep() {
        return signed(SIGNING_KEY, claims(UUID.randomUUID().toString(), "REP").build());
    }

    public static String admin() {
        return signed(SIGNING_KEY, claims(UUID.randomUUID().toString(), "ADMIN").build());
    }

    public static String forUser(String subject) {
        return signed(SIGNING_KEY, claims(subject, "REP").build());
    }

    public static String expired() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        return signed(
                SIGNING_KEY,
                claims(UUID.randomUUID().toString(), "REP")
                        .issueTime(Date.from(longAgo))
                        .expirationTime(Date.from(longAgo.plus(Duration.ofMinutes(15))))
                        .build());
    }

    public static String wrongIssuer() {
        return signed(
                SIGNING_KEY,
                claims(UUID.randomUUID().toString(), "REP")
                        .issuer("someone-else")
                        .build());
    }

    public static String signedWithForgerKey() {
        return signed(FORGER_KEY, claims(UUID.randomUUID().toString(), "ADMIN").build());
    }

    /** Signed by a key the JWKS does not (yet) list, as after a key rotation: the gateway must fetch the set again. */
    public static String signedWithUnknownKeyId() {
        return signed(
                generate("rotated-" + UUID.randomUUID()),
                claims(UUID.randomUUID().toString(), "REP").build());
    }

    public static String unsigned() {
        return new PlainJWT(claims(UUID.randomUUID().toString(), "ADMIN").build()).serialize();
    }

    /** A REP's valid token whose payload was edited to claim ADMIN, signature left as it was. */
    public static String tampered() {
        return promotedToAdmin(rep());
    }

    /** The same token with its payload edited to claim ADMIN, signature left as it was. */
    public static String promotedToAdmin(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String promoted = payload.replace("\"REP\"", "\"ADMIN\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(promoted.getBytes()) + "."
                + parts[2];
    }

    public static String signed(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
