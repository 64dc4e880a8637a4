package io.leadpulse.enrichment.integrations.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCipherTest {

    private static final String OLD = Base64.getEncoder().encodeToString("old-key-old-key-old-key-old-key-".getBytes());
    private static final String NEW = Base64.getEncoder().encodeToString("new-key-new-key-new-key-new-key-".getBytes());

    @Test
    void sealsWithAFreshNonceEachTimeAndOpensWithTheSameKeyAndRow() {
        TokenCipher cipher = new TokenCipher("k1", OLD, Map.of());
        TokenCipher.Sealed first = cipher.seal("secret-token", "conn-1/access");
        TokenCipher.Sealed second = cipher.seal("secret-token", "conn-1/access");

        assertThat(first.keyId()).isEqualTo("k1");
        assertThat(first.bytes()).isNotEqualTo(second.bytes());
        assertThat(new String(first.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("secret");
        assertThat(cipher.open("k1", first.bytes(), "conn-1/access")).isEqualTo("secret-token");
    }

    @Test
    void aCiphertextMovedToAnotherRowOrColumnOrTamperedWithDoesNotOpen() {
        TokenCipher cipher = new TokenCipher("k1", OLD, Map.of());
        byte[] sealed = cipher.seal("secret-token", "conn-1/access").bytes();

        assertThatThrownBy(() -> cipher.open("k1", sealed, "conn-2/access")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open("k1", sealed, "conn-1/refresh")).isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open("k1", sealed, "conn-1/access")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRotatedKeySealsFromNowOnWhileTheOldOneStillOpensOlderRows() {
        byte[] old = new TokenCipher("k1", OLD, Map.of())
                .seal("old-token", "c/access")
                .bytes();
        TokenCipher rotated = new TokenCipher("k2", NEW, Map.of("k1", OLD));

        assertThat(rotated.open("k1", old, "c/access")).isEqualTo("old-token");
        TokenCipher.Sealed fresh = rotated.seal("new-token", "c/access");
        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThatThrownBy(() -> new TokenCipher("k1", OLD, Map.of()).open("k2", fresh.bytes(), "c/access"))
                .hasMessageContaining("no token key with id k2");
        assertThatThrownBy(() -> new TokenCipher("short", Base64.getEncoder().encodeToString(new byte[16]), Map.of()))
                .hasMessageContaining("32 bytes");
    }
}
