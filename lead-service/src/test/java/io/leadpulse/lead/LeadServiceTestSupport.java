package io.leadpulse.lead;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.leadpulse.platform.test.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every lead-service test: the real service on a random port, the demo
 * organisation seeded, and a signing key the tests hold too, so they can forge expired tokens.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lead.seed-demo=true", "leadpulse.web.max-body-size=64KB"})
public abstract class LeadServiceTestSupport {

    protected static final KeyPair SIGNING_KEY = generate();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected PasswordEncoder passwords;

    protected ApiClient api() {
        return ApiClient.onLocalPort(port);
    }

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("lead.auth.private-key-location", () -> "file:" + writePem());
    }

    protected String login(String email, String password) {
        ApiClient.Response response =
                api().postJson("/api/auth/login", null, Map.of("email", email, "password", password));
        if (response.status() != 200) {
            throw new IllegalStateException("login failed: " + response.status() + " " + response.body());
        }
        return response.json().get("accessToken").asString();
    }

    protected String adminToken() {
        return login("admin@demo.test", "demo-admin");
    }

    protected String rep1Token() {
        return login("rep1@demo.test", "demo-rep");
    }

    /** A second organisation with its own admin, to prove tenants never meet. */
    protected String otherOrgAdminToken() {
        String email = "admin-" + UUID.randomUUID() + "@other.test";
        UUID org = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name) values (?, 'Other Co')")
                .param(org)
                .update();
        jdbc.sql(
                        "insert into app_user (id, org_id, email, password_hash, name, role) values (?, ?, ?, ?, 'Olga', 'ADMIN')")
                .params(UUID.randomUUID(), org, email, passwords.encode("other-pass"))
                .update();
        return login(email, "other-pass");
    }

    /** A new user in a new organisation; returns its email. */
    protected String createUser(String password) {
        String email = "user-" + UUID.randomUUID() + "@fresh.test";
        UUID org = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name) values (?, 'Fresh Co')")
                .param(org)
                .update();
        jdbc.sql(
                        "insert into app_user (id, org_id, email, password_hash, name, role) values (?, ?, ?, ?, 'Fresh', 'ADMIN')")
                .params(UUID.randomUUID(), org, email, passwords.encode(password))
                .update();
        return email;
    }

    protected UUID userId(String email) {
        return jdbc.sql("select id from app_user where email = ?")
                .param(email)
                .query(UUID.class)
                .single();
    }

    /** A token signed with the service's own key, with any claims and expiry. */
    protected static String signedToken(UUID userId, UUID orgId, String role, Instant expiresAt) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .issuer("leadpulse")
                    .subject(userId.toString())
                    .claim("org_id", orgId.toString())
                    .claim("role", role)
                    .issueTime(Date.from(expiresAt.minusSeconds(3600)))
                    .expirationTime(Date.from(expiresAt))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) SIGNING_KEY.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePem() {
        try {
            Path file = Files.createTempFile("lead-jwt", ".pem");
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(SIGNING_KEY.getPrivate().getEncoded());
            Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
