package io.leadpulse.enrichment.providers;

/** A place, or why the lead cannot be placed (nothing to search by): never an exception. */
public record GeoAnswer(Place place, String skipReason) {

    public static GeoAnswer found(Place place) {
        return new GeoAnswer(place, null);
    }

    public static GeoAnswer skipped(String reason) {
        return new GeoAnswer(null, reason);
    }

    public boolean found() {
        return place != null;
    }
}
