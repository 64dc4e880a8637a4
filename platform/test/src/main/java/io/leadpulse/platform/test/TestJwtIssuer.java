package io.leadpulse.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A real JWT issuer for tests of resource-server services: an RSA key, a JWKS endpoint on a real
 * HTTP port, and tokens shaped like lead-service's. One per test JVM.
 */
public final class TestJwtIssuer {

    public static final String ISSUER = "leadpulse";
    private static volatile TestJwtIssuer instance;

    private final RSAKey key;
    private final String jwksUri;

    private TestJwtIssuer() {
        try {
            key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID("test-" + UUID.randomUUID())
                    .generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(null);
            server.start();
            jwksUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestJwtIssuer get() {
        if (instance == null) {
            synchronized (TestJwtIssuer.class) {
                if (instance == null) {
                    instance = new TestJwtIssuer();
                }
            }
        }
        return instance;
    }

    public String jwksUri() {
        return jwksUri;
    }

    /** A valid token for a user of an organisation. */
    public String token(UUID userId, UUID orgId, String role) {
        return token(userId, orgId, role, Duration.ofMinutes(15));
    }

    public String token(UUID userId, UUID orgId, String role, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId.toString())
                .claim("org_id", orgId.toString())
                .claim("role", role)
                .claim("name", "Test " + role)
                .claim("email", role.toLowerCase() + "-" + userId + "@test.invalid")
                .issueTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
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
}
