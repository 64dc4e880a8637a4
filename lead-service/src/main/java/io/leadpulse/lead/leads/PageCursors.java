package io.leadpulse.lead.leads;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opaque, signed page cursors: the position of the last item of a page (its sort key and id),
 * base64url with a truncated HMAC-SHA256, so a client cannot forge or edit one. Each list names
 * its own {@code kind}, and a cursor of one list is refused by another.
 */
@Component
public class PageCursors {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final int MAC_BYTES = 16;

    private static final Logger log = LoggerFactory.getLogger(PageCursors.class);

    private final SecretKeySpec key;
    private final JsonMapper json;

    PageCursors(LeadsSettings settings, JsonMapper json) {
        this.key = new SecretKeySpec(secret(settings.cursorSecret()), "HmacSHA256");
        this.json = json;
    }

    private static byte[] secret(String configured) {
        if (configured != null && !configured.isEmpty()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        log.warn("lead.leads.cursor-secret is not set: page cursors are signed with a key drawn for this process");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    public String encode(String kind, List<String> position) {
        byte[] payload = json.writeValueAsBytes(prepend(kind, position));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
    }

    /** The position in the cursor, or empty when it is malformed, edited, or of another list. */
    public Optional<List<String>> decode(String kind, String cursor) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 2048) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(cursor.substring(0, dot));
            byte[] mac = b64.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(payload))) {
                return Optional.empty();
            }
            List<String> parts = json.readValue(payload, STRINGS);
            if (parts.isEmpty() || !kind.equals(parts.getFirst())) {
                return Optional.empty();
            }
            return Optional.of(List.copyOf(parts.subList(1, parts.size())));
        } catch (IllegalArgumentException | JacksonException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static List<String> prepend(String kind, List<String> position) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(position.size() + 1);
        all.add(kind);
        all.addAll(position);
        return all;
    }
}
