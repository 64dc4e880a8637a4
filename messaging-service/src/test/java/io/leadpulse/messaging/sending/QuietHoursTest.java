package io.leadpulse.messaging.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    private static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu");
    private static final LocalTime EIGHT = LocalTime.of(8, 0);
    private static final LocalTime NINE_PM = LocalTime.of(21, 0);

    @Test
    void findsTheRecipientsTimezoneFromTheNumber() {
        assertThat(QuietHours.zonesOf("+12127365000", ZoneId.of("UTC"))).containsExactly(NEW_YORK);
        assertThat(QuietHours.zonesOf("+61293744000", ZoneId.of("UTC"))).containsExactly(SYDNEY);
        assertThat(QuietHours.zonesOf("not a number", ZoneId.of("Europe/Paris")))
                .containsExactly(ZoneId.of("Europe/Paris"));
    }

    @Test
    void aSendInsideTheWindowGoesAtOnce() {
        Instant noonInNewYork = at(NEW_YORK, 2026, 6, 1, 12, 0);
        assertThat(QuietHours.nextAllowed(noonInNewYork, List.of(NEW_YORK), EIGHT, NINE_PM))
                .isEqualTo(noonInNewYork);
    }

    @Test
    void waitsForEightInTheMorningAcrossTheSpringForwardNight() {
        // 2026-03-08: New York moves from EST (-5) to EDT (-4) at 02:00.
        Instant lateSaturday = at(NEW_YORK, 2026, 3, 7, 23, 0);
        Instant next = QuietHours.nextAllowed(lateSaturday, List.of(NEW_YORK), EIGHT, NINE_PM);
        assertThat(next).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    }

    @Test
    void waitsForEightInTheMorningAcrossTheFallBackNight() {
        // 2026-11-01: New York moves from EDT (-4) back to EST (-5) at 02:00.
        Instant lateSaturday = at(NEW_YORK, 2026, 10, 31, 22, 30);
        Instant next = QuietHours.nextAllowed(lateSaturday, List.of(NEW_YORK), EIGHT, NINE_PM);
        assertThat(next).isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    void earlyMorningInSydneyWaitsUntilEightSydneyTimeEvenWhenItIsAfternoonInUtc() {
        // 2026-04-05: Sydney leaves daylight time (+11 to +10) at 03:00.
        Instant earlySunday = at(SYDNEY, 2026, 4, 5, 1, 30);
        Instant next = QuietHours.nextAllowed(earlySunday, List.of(SYDNEY), EIGHT, NINE_PM);
        assertThat(next).isEqualTo(Instant.parse("2026-04-04T22:00:00Z"));
        assertThat(next.atZone(SYDNEY).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 4, 5, 8, 0));
    }

    @Test
    void aNumberInSeveralZonesWaitsUntilTheWindowIsOpenInAllOfThem() {
        // 08:00 in New York is 02:00 in Honolulu; both are open from 08:00 in Honolulu (14:00 EDT).
        Instant eightInNewYork = at(NEW_YORK, 2026, 6, 1, 8, 0);
        Instant next = QuietHours.nextAllowed(eightInNewYork, List.of(NEW_YORK, HONOLULU), EIGHT, NINE_PM);
        assertThat(next).isEqualTo(Instant.parse("2026-06-01T18:00:00Z"));
    }

    @Test
    void equalStartAndEndMeanNoQuietHours() {
        Instant midnight = at(NEW_YORK, 2026, 6, 1, 0, 30);
        assertThat(QuietHours.nextAllowed(midnight, List.of(NEW_YORK), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT))
                .isEqualTo(midnight);
    }

    private static Instant at(ZoneId zone, int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute), zone)
                .toInstant();
    }
}
