package io.leadpulse.billing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies exactly as Stripe does ({@code t=<unix>,v1=HMAC-SHA256(secret, t + "." + body)}),
 * written from Stripe's documentation rather than with stripe-java, so the tests check the SDK
 * against the specification and not against itself.
 */
public final class StripeSigner {

    private StripeSigner() {}

    public static String v1(String secret, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A header with one {@code v1} per secret, as Stripe sends during a secret rotation. */
    public static String header(long timestamp, String payload, String... secrets) {
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            header.append(",v1=").append(v1(secret, timestamp, payload));
        }
        return header.toString();
    }
}
