package io.leadpulse.notification.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void eveningAndEarlyMorningAreQuietInTheOrgsZone() {
        // 2026-11-23T02:30Z is 21:30 the evening before in New York (EST, UTC-5)
        Instant evening = Instant.parse("2026-11-23T02:30:00Z");
        assertThat(NIGHT.isQuiet(evening, NEW_YORK)).isTrue();
        assertThat(NIGHT.isQuiet(evening, ZoneId.of("UTC"))).isTrue();
        assertThat(NIGHT.nextAllowed(evening, NEW_YORK)).isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
        Instant early = Instant.parse("2026-11-23T12:59:59Z"); // 07:59:59 New York
        assertThat(NIGHT.nextAllowed(early, NEW_YORK)).isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
    }

    @Test
    void theDayIsNotQuietAndItsEdgesAreExact() {
        assertThat(NIGHT.isQuiet(Instant.parse("2026-11-23T13:00:00Z"), NEW_YORK))
                .as("08:00")
                .isFalse();
        assertThat(NIGHT.isQuiet(Instant.parse("2026-11-24T01:59:59Z"), NEW_YORK))
                .as("20:59:59")
                .isFalse();
        assertThat(NIGHT.isQuiet(Instant.parse("2026-11-24T02:00:00Z"), NEW_YORK))
                .as("21:00")
                .isTrue();
        Instant noon = Instant.parse("2026-11-23T17:00:00Z");
        assertThat(NIGHT.nextAllowed(noon, NEW_YORK)).isEqualTo(noon);
        assertThat(new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT).isQuiet(noon, NEW_YORK))
                .as("start == end: no quiet hours")
                .isFalse();
    }

    @Test
    void theMorningAfterADaylightSavingChangeIsEightLocal() {
        // 2027-03-14 New York springs forward at 02:00; 08:00 EDT is 12:00Z
        assertThat(NIGHT.nextAllowed(Instant.parse("2027-03-14T04:00:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2027-03-14T12:00:00Z"));
    }
}
