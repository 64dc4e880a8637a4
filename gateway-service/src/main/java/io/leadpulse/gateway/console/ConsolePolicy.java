package io.leadpulse.gateway.console;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * The console's security headers. The CSP allows scripts, styles, images and fetches from this origin only, and
 * the WebSocket at this origin's {@code ws://}/{@code wss://} twin (pusher-js opens {@code /app/{key}} on the same
 * host) plus any configured socket origins; no inline script or style, no framing, no plugins.
 */
record ConsolePolicy(List<String> socketOrigins) {

    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,255}");

    String contentSecurityPolicy(URI requestUri) {
        StringBuilder connect = new StringBuilder("'self'");
        String authority = requestUri.getRawAuthority();
        if (authority != null && HOST.matcher(authority).matches()) {
            connect.append(' ')
                    .append("https".equals(requestUri.getScheme()) ? "wss://" : "ws://")
                    .append(authority);
        }
        socketOrigins.stream()
                .filter(origin -> !origin.isBlank())
                .forEach(origin -> connect.append(' ').append(origin));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src " + connect + "; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    void apply(HttpHeaders headers, URI requestUri) {
        headers.set(CONTENT_SECURITY_POLICY, contentSecurityPolicy(requestUri));
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "same-origin");
        headers.set("X-Frame-Options", "DENY");
    }
}
