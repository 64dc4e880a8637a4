package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.realtime.protocol.PusherSignatures;
import org.junit.jupiter.api.Test;

/** Pusher's published known answers (INFRA.md): our signatures must match them byte for byte. */
class PusherSignaturesTest {

    private final PusherSignatures signatures = new PusherSignatures("278d425bdf160c739803", "7ad3773142a6692b25b8");

    @Test
    void signsAPrivateChannelAsPusherDoes() {
        assertThat(signatures.channelAuth("1234.1234", "private-foobar", null))
                .isEqualTo("278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
    }

    @Test
    void signsAPresenceChannelWithItsChannelDataAsPusherDoes() {
        String channelData = "{\"user_id\":10,\"user_info\":{\"name\":\"Mr. Channels\"}}";

        assertThat(signatures.channelAuth("1234.1234", "presence-foobar", channelData))
                .isEqualTo("278d425bdf160c739803:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80");
    }

    @Test
    void verifiesTheKnownAnswerAndRefusesAnyForgery() {
        String good = "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";

        assertThat(signatures.verifyChannelAuth("1234.1234", "private-foobar", null, good))
                .isTrue();
        assertThat(signatures.verifyChannelAuth("1234.1235", "private-foobar", null, good))
                .isFalse();
        assertThat(signatures.verifyChannelAuth("1234.1234", "private-foobaz", null, good))
                .isFalse();
        assertThat(signatures.verifyChannelAuth(
                        "1234.1234", "private-foobar", null, good.substring(0, good.length() - 1) + "5"))
                .isFalse();
        assertThat(signatures.verifyChannelAuth("1234.1234", "private-foobar", null, "other-key:" + good.split(":")[1]))
                .isFalse();
        assertThat(signatures.verifyChannelAuth("1234.1234", "private-foobar", null, null))
                .isFalse();
    }
}
