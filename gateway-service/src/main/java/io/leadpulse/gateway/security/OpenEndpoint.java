package io.leadpulse.gateway.security;

import java.util.Locale;
import org.springframework.http.HttpMethod;

/** An /api endpoint that needs no token, written {@code "POST /api/auth/login"} or {@code "/api/public/**"}. */
record OpenEndpoint(HttpMethod method, String pattern) {

    static OpenEndpoint parse(String spec) {
        String[] parts = spec.trim().split("\\s+");
        if (parts.length == 1 && parts[0].startsWith("/")) {
            return new OpenEndpoint(null, parts[0]);
        }
        if (parts.length == 2 && parts[1].startsWith("/")) {
            return new OpenEndpoint(HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1]);
        }
        throw new IllegalArgumentException(
                "gateway.security.open-endpoints: expected \"METHOD /pattern\" or \"/pattern\", got \"" + spec + "\"");
    }
}
