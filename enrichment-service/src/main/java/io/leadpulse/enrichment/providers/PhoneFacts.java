package io.leadpulse.enrichment.providers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a phone number tells by itself (libphonenumber, no network): the country, the place its
 * prefix belongs to ({@code Chicago, IL}, {@code California}) and its timezone when the prefix
 * has exactly one.
 */
record PhoneFacts(String e164, String country, String city, String region, String timezone, String description) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper ZONES = PhoneNumberToTimeZonesMapper.getInstance();
    private static final PhoneNumberOfflineGeocoder GEOCODER = PhoneNumberOfflineGeocoder.getInstance();

    static Optional<PhoneFacts> of(String phone) {
        if (phone == null || phone.isBlank()) {
            return Optional.empty();
        }
        PhoneNumber number;
        try {
            number = PHONES.parse(phone, null);
        } catch (NumberParseException e) {
            return Optional.empty();
        }
        String country = PHONES.getRegionCodeForNumber(number);
        if (country == null || "ZZ".equals(country)) {
            return Optional.empty();
        }
        List<String> zones = ZONES.getTimeZonesForNumber(number).stream()
                .filter(zone ->
                        !PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(zone))
                .toList();
        String timezone = zones.size() == 1 ? zones.getFirst() : null;
        String description = blankToNull(GEOCODER.getDescriptionForNumber(number, Locale.ENGLISH));
        String city = null;
        String region = null;
        if (description != null
                && !description.equalsIgnoreCase(Locale.of("", country).getDisplayCountry(Locale.ENGLISH))) {
            int comma = description.lastIndexOf(',');
            if (comma > 0) {
                city = description.substring(0, comma).trim();
                region = description.substring(comma + 1).trim();
            } else {
                region = description;
            }
        }
        return Optional.of(new PhoneFacts(
                PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
                country,
                city,
                region,
                timezone,
                description));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
