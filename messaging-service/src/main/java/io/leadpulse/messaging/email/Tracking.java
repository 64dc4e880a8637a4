package io.leadpulse.messaging.email;

import io.leadpulse.messaging.MessagingSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Open and click tracking tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))},
 * the payload naming the kind, the message and (clicks) the link. The redirect target comes only
 * from a signed payload, so a token cannot be forged or pointed elsewhere (no open redirect).
 */
@Component
class Tracking {

    private static final Logger log = LoggerFactory.getLogger(Tracking.class);
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"']+");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    enum Kind {
        OPEN,
        CLICK
    }

    record Token(Kind kind, UUID messageId, String url) {}

    private final String baseUrl;
    private final byte[] key;

    Tracking(MessagingSettings settings) {
        MessagingSettings.Tracking tracking = settings.email().tracking();
        this.baseUrl = tracking.baseUrl().replaceAll("/+$", "");
        if (tracking.secret() == null || tracking.secret().isBlank()) {
            this.key = new byte[32];
            new SecureRandom().nextBytes(key);
            log.warn("no tracking secret configured (messaging.email.tracking.secret): tracking links of this"
                    + " process stop working when it restarts");
        } else {
            this.key = tracking.secret().getBytes(StandardCharsets.UTF_8);
        }
    }

    String openUrl(UUID messageId) {
        return baseUrl + "/t/o/" + sign("o|" + messageId) + ".gif";
    }

    String clickUrl(UUID messageId, String url) {
        return baseUrl + "/t/c/" + sign("c|" + messageId + "|" + url);
    }

    /** The token's content if its signature holds; empty for anything else. */
    Optional<Token> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", 3);
            UUID messageId = UUID.fromString(parts[1]);
            if (parts[0].equals("o") && parts.length == 2) {
                return Optional.of(new Token(Kind.OPEN, messageId, null));
            }
            if (parts[0].equals("c")
                    && parts.length == 3
                    && LINK.matcher(parts[2]).matches()) {
                java.net.URI.create(parts[2]); // what the redirect's Location must be
                return Optional.of(new Token(Kind.CLICK, messageId, parts[2]));
            }
            return Optional.empty();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * The HTML alternative of a text email: escaped, every http(s) link through the click
     * redirect, and the open pixel at the end.
     */
    String html(UUID messageId, String text) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body><p>");
        Matcher matcher = LINK.matcher(text);
        int last = 0;
        while (matcher.find()) {
            html.append(escape(text.substring(last, matcher.start())));
            String url = matcher.group();
            if (!isUri(url)) {
                continue; // left as text below: a redirect could not name it
            }
            html.append("<a href=\"")
                    .append(htmlEscape(clickUrl(messageId, url)))
                    .append("\">")
                    .append(htmlEscape(url))
                    .append("</a>");
            last = matcher.end();
        }
        html.append(escape(text.substring(last)));
        html.append("</p><img src=\"")
                .append(htmlEscape(openUrl(messageId)))
                .append("\" width=\"1\" height=\"1\" alt=\"\"></body></html>");
        return html.toString();
    }

    private static boolean isUri(String url) {
        try {
            java.net.URI.create(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String escape(String text) {
        return htmlEscape(text).replace("\n", "<br>\n");
    }

    private static String htmlEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private String sign(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
