package io.leadpulse.notification.sms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Nobody is texted about a notification between {@code start} and {@code end} of their org's local
 * time (21:00 to 08:00 by default), unless it is urgent. A text that falls inside waits until
 * {@code end}. {@code start == end} means no quiet hours.
 */
record QuietHours(LocalTime start, LocalTime end) {

    boolean isQuiet(Instant at, ZoneId zone) {
        if (start.equals(end)) {
            return false;
        }
        LocalTime time = at.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    /** {@code at} when it is not quiet, else the next {@code end} in the zone (08:00 the same or next morning). */
    Instant nextAllowed(Instant at, ZoneId zone) {
        if (!isQuiet(at, zone)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalDate();
        // atZone resolves a DST gap forward, so the opening is a real instant even on a change day
        Instant opening = ZonedDateTime.of(day, end, zone).toInstant();
        return opening.isAfter(at)
                ? opening
                : ZonedDateTime.of(day.plusDays(1), end, zone).toInstant();
    }
}
