package io.leadpulse.realtime.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Pusher signatures: channel auth strings ({@code key:hmac(socket_id:channel[:channel_data])})
 * and HTTP API request signatures. Every comparison is constant-time, so a forger learns nothing
 * from how long a refusal took.
 */
public final class PusherSignatures {

    private static final HexFormat HEX = HexFormat.of();

    private final String key;
    private final SecretKeySpec secret;

    public PusherSignatures(String key, String secret) {
        this.key = key;
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String key() {
        return key;
    }

    /** The {@code auth} value a client sends in {@code pusher:subscribe}. */
    public String channelAuth(String socketId, String channel, String channelData) {
        return key + ":" + sign(stringToSign(socketId, channel, channelData));
    }

    /** Whether {@code auth} is this app's signature over the subscription. */
    public boolean verifyChannelAuth(String socketId, String channel, String channelData, String auth) {
        if (auth == null) {
            return false;
        }
        String expected = channelAuth(socketId, channel, channelData);
        return constantTimeEquals(expected, auth);
    }

    /** Hex HMAC-SHA256 of {@code text} with the app secret. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    public static String md5Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    private static String stringToSign(String socketId, String channel, String channelData) {
        return channelData == null ? socketId + ":" + channel : socketId + ":" + channel + ":" + channelData;
    }
}
