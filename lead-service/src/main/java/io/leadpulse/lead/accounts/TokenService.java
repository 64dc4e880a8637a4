package io.leadpulse.lead.accounts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.leadpulse.lead.LeadSettings;
import io.leadpulse.platform.web.security.LeadPulseClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Service;

/** Issues RS256 access tokens and publishes the public key as a JWKS for the gateway and services. */
@Service
public class TokenService {

    private final RSAKey key;
    private final JwtEncoder encoder;
    private final String issuer;
    private final Duration ttl;

    TokenService(LeadSettings settings) {
        this.key = SigningKey.load(settings.auth().privateKeyLocation());
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        this.issuer = settings.auth().issuer();
        this.ttl = settings.auth().tokenTtl();
    }

    public IssuedToken issue(User user) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(user.id().toString())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(LeadPulseClaims.ORG_ID, user.orgId().toString())
                .claim(LeadPulseClaims.ROLE, user.role().name())
                .claim(LeadPulseClaims.NAME, user.name())
                .claim(LeadPulseClaims.EMAIL, user.email())
                .build();
        JwsHeader header =
                JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new IssuedToken(token, ttl.toSeconds());
    }

    /** lead-service checks its own tokens with the key in hand, not over HTTP. */
    JwtDecoder decoder() {
        try {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256)
                    .build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
            return decoder;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    public record IssuedToken(String value, long expiresInSeconds) {}
}
