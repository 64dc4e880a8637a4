package io.leadpulse.messaging.sending;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a message may reach a recipient: inside the window {@code [start, end)} of the recipient's
 * local time. The timezone comes from the phone number (libphonenumber); when the number maps to
 * several zones (a whole country), the window must be open in every one of them, so nobody is
 * woken. {@code start == end} means no quiet hours.
 */
public final class QuietHours {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper ZONES = PhoneNumberToTimeZonesMapper.getInstance();

    private QuietHours() {}

    /**
     * The lead's own timezone when enrichment found one (it knows where the lead is, not only
     * where the number was issued), else the zones its number may be in.
     */
    public static List<ZoneId> zonesOf(io.leadpulse.messaging.leads.LeadContact lead, String e164, ZoneId fallback) {
        return lead.zone().map(List::of).orElseGet(() -> zonesOf(e164, fallback));
    }

    /** The zones a number may be in; {@code fallback} when the number tells nothing. */
    public static List<ZoneId> zonesOf(String e164, ZoneId fallback) {
        List<ZoneId> zones = new ArrayList<>();
        try {
            for (String id : ZONES.getTimeZonesForNumber(PHONES.parse(e164, null))) {
                if (!PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(id)) {
                    zones.add(ZoneId.of(id));
                }
            }
        } catch (NumberParseException | RuntimeException e) {
            // not a phone number we can place: the organisation's zone decides
        }
        return zones.isEmpty() ? List.of(fallback) : List.copyOf(zones);
    }

    /** The first instant at or after {@code at} that is inside the window in every zone. */
    public static Instant nextAllowed(Instant at, List<ZoneId> zones, LocalTime start, LocalTime end) {
        if (start.equals(end)) {
            return at;
        }
        Instant candidate = at;
        // Each pass moves to the next opening of a zone that is closed; windows that never overlap
        // (zones too far apart) stop after a bounded search and use the first zone alone.
        for (int pass = 0; pass < 4 * zones.size() + 2; pass++) {
            Instant moved = candidate;
            for (ZoneId zone : zones) {
                moved = nextOpen(moved, zone, start, end);
            }
            if (moved.equals(candidate)) {
                return candidate;
            }
            candidate = moved;
        }
        return nextOpen(at, zones.getFirst(), start, end);
    }

    static Instant nextOpen(Instant at, ZoneId zone, LocalTime start, LocalTime end) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean open = start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
        if (open) {
            return at;
        }
        LocalDate day = local.toLocalDate();
        ZonedDateTime opening = ZonedDateTime.of(day, start, zone);
        if (!opening.toInstant().isAfter(at)) {
            opening = ZonedDateTime.of(day.plusDays(1), start, zone);
        }
        return opening.toInstant();
    }
}
