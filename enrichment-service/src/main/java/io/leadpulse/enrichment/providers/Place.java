package io.leadpulse.enrichment.providers;

/**
 * Where a lead is; any field may be null when the provider could not tell it.
 *
 * @param timezone an IANA zone id
 * @param country ISO 3166-1 alpha-2
 * @param source the provider that answered ({@code serpapi}, {@code offline})
 */
public record Place(
        Double latitude, Double longitude, String timezone, String city, String region, String country, String source) {

    public boolean knowsAnything() {
        return latitude != null || timezone != null || city != null || region != null || country != null;
    }
}
