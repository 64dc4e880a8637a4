package io.leadpulse.notification.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsTextsTest {

    private static final String LINK = "https://app.leadpulse.test/leads/3f1c8a52-9a43-4d2e-8e3b-2a4f0c9d1e77";

    @Test
    void aShortTitleIsSentWholeWithItsLink() {
        assertThat(SmsTexts.compose("A lead is hot: 5 views in 10 minutes", LINK))
                .isEqualTo("LeadPulse: A lead is hot: 5 views in 10 minutes - open " + LINK);
    }

    @Test
    void aLongTitleIsCutToOneSegmentAndTheLinkKeptWhole() {
        String text = SmsTexts.compose("New lead assigned to you: " + "Bartholomew ".repeat(20), LINK);

        assertThat(SmsTexts.septets(text)).isEqualTo(160);
        assertThat(text).endsWith("... - open " + LINK).startsWith("LeadPulse: New lead assigned to you: Bartholomew");
    }

    @Test
    void charactersOutsideGsm7AreReplacedSoTheTextStaysInOneSegmentOf160() {
        String text = SmsTexts.compose("New lead assigned to you: Zoë O’Brien — 北京 {VIP}", null);

        assertThat(SmsTexts.isGsm7(text)).isTrue();
        assertThat(text).isEqualTo("LeadPulse: New lead assigned to you: Zoe O'Brien - ?? {VIP}");
        assertThat(SmsTexts.septets("{VIP}"))
                .as("braces are escaped: two septets each")
                .isEqualTo(7);
    }

    @Test
    void extensionCharactersCountTwiceWhenCutting() {
        String text = SmsTexts.compose("[".repeat(200), LINK);

        assertThat(SmsTexts.septets(text)).isLessThanOrEqualTo(160).isGreaterThanOrEqualTo(159);
        assertThat(text).endsWith("... - open " + LINK);
    }

    @Test
    void aLinkTooLongForOneSegmentIsLeftOut() {
        String text = SmsTexts.compose("A lead is hot", "https://example.test/" + "x".repeat(200));

        assertThat(text).isEqualTo("LeadPulse: A lead is hot");
    }
}
