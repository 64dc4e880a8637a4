package io.leadpulse.enrichment.providers;

/**
 * Geo with no API: country, city/region and timezone from the phone number (libphonenumber).
 * No coordinates: a prefix names an area, not a point.
 */
public final class OfflineGeo implements GeoLookup {

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public GeoAnswer locate(LeadFacts lead) {
        if (!lead.hasPhone()) {
            return GeoAnswer.skipped("no phone number to place the lead by");
        }
        return PhoneFacts.of(lead.phone())
                .map(facts -> GeoAnswer.found(
                        new Place(null, null, facts.timezone(), facts.city(), facts.region(), facts.country(), name())))
                .orElseGet(() -> GeoAnswer.skipped("the phone number names no country"));
    }
}
