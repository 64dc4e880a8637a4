package io.leadpulse.enrichment.providers;

import io.leadpulse.enrichment.EnrichmentSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Geo from a SerpAPI-shaped search API ({@code GET /search.json?engine=google_maps&q=...&api_key=...}):
 * the lead's company near the place its phone prefix names (or the number itself), first result
 * with {@code gps_coordinates}. Timezone and country come from the phone, which names them more
 * surely than a search. Answers are cached by query.
 */
public final class SerpApiGeo implements GeoLookup {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** {@code ..., Chicago, IL 60601} or {@code ..., Chicago, IL 60601, United States}. */
    private static final Pattern US_ADDRESS =
            Pattern.compile("(?:^|,)\\s*([^,]+),\\s*([A-Z]{2})\\s+\\d{5}(?:-\\d{4})?\\s*(?:,|$)");

    private final EnrichmentSettings.Provider settings;
    private final PoliteHttp http;
    private final ProviderCache cache;

    public SerpApiGeo(EnrichmentSettings.Provider settings, PoliteHttp http, ProviderCache cache) {
        this.settings = settings;
        this.http = http;
        this.cache = cache;
    }

    @Override
    public String name() {
        return "serpapi";
    }

    @Override
    public GeoAnswer locate(LeadFacts lead) {
        Optional<PhoneFacts> phone = PhoneFacts.of(lead.phone());
        String query;
        if (lead.hasCompany()) {
            query = lead.company().trim()
                    + phone.map(PhoneFacts::description).map(d -> " " + d).orElse("");
        } else if (phone.isPresent()) {
            query = phone.get().e164();
        } else {
            return GeoAnswer.skipped("no phone number or company to search by");
        }
        Hit hit = cache.get(name(), query, settings.cacheTtl(), Hit.class, () -> search(query));
        PhoneFacts facts = phone.orElse(null);
        Place place = new Place(
                hit.latitude(),
                hit.longitude(),
                facts == null ? null : facts.timezone(),
                hit.city() != null ? hit.city() : facts == null ? null : facts.city(),
                hit.region() != null ? hit.region() : facts == null ? null : facts.region(),
                facts == null ? hit.country() : facts.country(),
                name());
        return place.knowsAnything() ? GeoAnswer.found(place) : GeoAnswer.skipped("the search found no place");
    }

    /** What one search said; all null when it found nothing (which is an answer too, and cached). */
    record Hit(Double latitude, Double longitude, String city, String region, String country) {}

    private Hit search(String query) {
        URI uri = URI.create(base() + "/search.json?engine=google_maps&type=search&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&api_key="
                + URLEncoder.encode(settings.key(), StandardCharsets.UTF_8));
        String body = http.get(uri, Map.of("Accept", "application/json"));
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw http.invalid("answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw http.invalid("answer is not a JSON object");
        }
        if (root.hasNonNull("error")) {
            String error = root.get("error").asString();
            if (error.contains("hasn't returned any results")) {
                return new Hit(null, null, null, null, null);
            }
            throw http.invalid("provider error");
        }
        JsonNode place = firstWithCoordinates(root);
        if (place == null) {
            if (root.has("local_results") || root.has("place_results") || root.has("search_metadata")) {
                return new Hit(null, null, null, null, null);
            }
            throw http.invalid("answer has no search results");
        }
        JsonNode gps = place.get("gps_coordinates");
        if (!gps.path("latitude").isNumber() || !gps.path("longitude").isNumber()) {
            throw http.invalid("coordinates are not numbers");
        }
        double latitude = gps.get("latitude").asDouble();
        double longitude = gps.get("longitude").asDouble();
        if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
            throw http.invalid("coordinates out of range");
        }
        String city = null;
        String region = null;
        String country = null;
        String address = place.path("address").asString("");
        Matcher us = US_ADDRESS.matcher(address);
        if (us.find()) {
            city = us.group(1).trim();
            region = us.group(2);
            country = "US";
        }
        return new Hit(latitude, longitude, city, region, country);
    }

    private static JsonNode firstWithCoordinates(JsonNode root) {
        JsonNode single = root.get("place_results");
        if (single != null && single.isObject() && single.has("gps_coordinates")) {
            return single;
        }
        JsonNode results = root.get("local_results");
        if (results != null && results.isArray()) {
            for (JsonNode result : results) {
                if (result.isObject() && result.has("gps_coordinates")) {
                    return result;
                }
            }
        }
        return null;
    }

    private String base() {
        String url = settings.url();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
