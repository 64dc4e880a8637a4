package io.leadpulse.lead.accounts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;

/** The RSA key lead-service signs tokens with, from a PKCS#8 PEM file or generated for this run. */
final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private SigningKey() {}

    static RSAKey load(Resource location) {
        try {
            if (location == null || !location.exists()) {
                if (location != null) {
                    throw new IllegalStateException("JWT private key not found at " + location.getDescription());
                }
                log.warn("no JWT private key configured: generated an ephemeral one; tokens die with this process");
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                var pair = generator.generateKeyPair();
                return withThumbprint(
                        new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()));
            }
            RSAPrivateCrtKey privateKey = readPkcs8(location);
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            log.info("JWT signing key loaded from {}", location.getDescription());
            return withThumbprint(new RSAKey.Builder(publicKey).privateKey(privateKey));
        } catch (GeneralSecurityException | IOException | JOSEException e) {
            throw new IllegalStateException("cannot load the JWT signing key: " + e.getMessage(), e);
        }
    }

    private static RSAKey withThumbprint(RSAKey.Builder builder) throws JOSEException {
        return builder.keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint().build();
    }

    private static RSAPrivateCrtKey readPkcs8(Resource location) throws IOException, GeneralSecurityException {
        String pem;
        try (InputStream in = location.getInputStream()) {
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException("expected a PKCS#8 PEM (BEGIN PRIVATE KEY)");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        if (!(key instanceof RSAPrivateCrtKey crt) || crt.getModulus().bitLength() < 2048) {
            throw new GeneralSecurityException("the JWT key must be an RSA key of at least 2048 bits");
        }
        return crt;
    }
}
