package io.leadpulse.platform.web.security;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The claims LeadPulse tokens carry ({@code sub} user id, {@code org_id}, {@code role}, {@code
 * name}, {@code email}) and their mapping to Spring Security. An external OIDC issuer must put the
 * same claims in its tokens.
 */
public final class LeadPulseClaims {

    public static final String ORG_ID = "org_id";
    public static final String ROLE = "role";
    public static final String NAME = "name";
    public static final String EMAIL = "email";

    private LeadPulseClaims() {}

    public static CurrentUser currentUser(Jwt jwt) {
        try {
            return new CurrentUser(
                    UUID.fromString(jwt.getSubject()),
                    UUID.fromString(jwt.getClaimAsString(ORG_ID)),
                    Role.valueOf(jwt.getClaimAsString(ROLE)),
                    jwt.getClaimAsString(NAME),
                    jwt.getClaimAsString(EMAIL));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new JwtException("token lacks a valid sub, org_id or role claim");
        }
    }

    /** Rejects tokens without the LeadPulse claims at authentication time (401, not 500 later). */
    public static Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        return jwt -> {
            CurrentUser user;
            try {
                user = currentUser(jwt);
            } catch (JwtException e) {
                throw new InvalidBearerTokenException(e.getMessage(), e);
            }
            Collection<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_" + user.role()));
            return new JwtAuthenticationToken(jwt, authorities, user.id().toString());
        };
    }
}
