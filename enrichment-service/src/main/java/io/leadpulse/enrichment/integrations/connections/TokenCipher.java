package io.leadpulse.enrichment.integrations.connections;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals OAuth tokens at rest with AES-256-GCM (JDK {@code javax.crypto}): a random 96-bit nonce per
 * value, the 128-bit tag appended, and the row and column as additional authenticated data, so a
 * ciphertext copied into another connection's row (or from the refresh column to the access
 * column) does not open. Stored as {@code nonce || ciphertext || tag}, beside the id of the key
 * that sealed it: a new key seals from now on while the old one still opens older rows
 * (docs/adr/0016).
 */
public final class TokenCipher {

    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;

    private final String currentId;
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param currentId the id stored with what this key seals
     * @param currentKey base64 of 32 bytes
     * @param previous older keys by id (base64), to open what they sealed
     */
    public TokenCipher(String currentId, String currentKey, Map<String, String> previous) {
        this.currentId = currentId;
        previous.forEach((id, key) -> keys.put(id, key(id, key)));
        keys.put(currentId, key(currentId, currentKey));
    }

    /** What is stored: the key's id and {@code nonce || ciphertext || tag}. */
    public record Sealed(String keyId, byte[] bytes) {}

    public String currentKeyId() {
        return currentId;
    }

    public Sealed seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new Sealed(
                    currentId,
                    ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String open(String keyId, byte[] stored, String associatedData) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no token key with id " + keyId + " is configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored token does not open with key " + keyId, e);
        }
    }

    private static SecretKey key(String id, String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.trim());
        if (bytes.length != 32) {
            throw new IllegalArgumentException("token key " + id + " must be 32 bytes (base64), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
