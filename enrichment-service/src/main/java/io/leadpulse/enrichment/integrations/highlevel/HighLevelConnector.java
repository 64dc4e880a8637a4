package io.leadpulse.enrichment.integrations.highlevel;

import io.leadpulse.enrichment.EnrichmentSettings;
import io.leadpulse.enrichment.integrations.DataType;
import io.leadpulse.enrichment.integrations.OAuthTokens;
import io.leadpulse.enrichment.integrations.PlatformConnector;
import io.leadpulse.enrichment.integrations.SyncPage;
import io.leadpulse.enrichment.integrations.SyncedRecord;
import io.leadpulse.enrichment.providers.PoliteHttp;
import io.leadpulse.enrichment.providers.ProviderException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A GoHighLevel-shaped platform (API v2, {@code services.leadconnectorhq.com}):
 *
 * <ul>
 *   <li>OAuth2: the browser goes to {@code authorize-url} ({@code chooselocation}); the code is
 *       exchanged at {@code POST /oauth/token} (form: {@code client_id}, {@code client_secret},
 *       {@code grant_type}, {@code code} or {@code refresh_token}, {@code user_type=Location}); the
 *       answer names the {@code locationId} every list is read from.
 *   <li>Contacts: {@code GET /contacts/?locationId=&limit=&startAfterId=&startAfter=}, answered with
 *       {@code contacts[]} and {@code meta.startAfterId}/{@code meta.startAfter}/{@code meta.nextPageUrl}.
 *       The cursor is that pair: the list's position, so a run resumes after the last committed page
 *       and the next run starts after the last contact seen.
 *   <li>Transactions: {@code GET /payments/transactions?altId=&altType=location&limit=&offset=&startAt=},
 *       answered with {@code data[]} and {@code totalCount}. The cursor is the offset within a pass
 *       and the pass's {@code startAt} watermark (the newest {@code createdAt} of the previous pass).
 * </ul>
 *
 * Every API call carries {@code Authorization: Bearer} and {@code Version}; all go through one
 * {@link PoliteHttp} (the platform's 100 requests per minute, Retry-After, retries, breaker).
 */
public final class HighLevelConnector implements PlatformConnector {

    public static final String PROVIDER = "highlevel";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EnrichmentSettings.HighLevel settings;
    private final PoliteHttp http;

    public HighLevelConnector(EnrichmentSettings.HighLevel settings, PoliteHttp http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public Optional<String> notConfiguredReason() {
        return settings.configured()
                ? Optional.empty()
                : Optional.of(
                        "no client id: set ENRICHMENT_HIGHLEVEL_CLIENT_ID and ENRICHMENT_HIGHLEVEL_CLIENT_SECRET");
    }

    @Override
    public URI authorizeUrl(String state, String redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("redirect_uri", redirectUri);
        query.put("client_id", settings.clientId());
        query.put("scope", settings.scopes());
        query.put("state", state);
        String separator = settings.authorizeUrl().contains("?") ? "&" : "?";
        return URI.create(settings.authorizeUrl() + separator + encode(query));
    }

    @Override
    public OAuthTokens exchange(String code, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("user_type", "Location");
        form.put("redirect_uri", redirectUri);
        return token(form);
    }

    @Override
    public OAuthTokens refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("user_type", "Location");
        return token(form);
    }

    private OAuthTokens token(Map<String, String> form) {
        String body;
        try {
            body = http.postForm(URI.create(base() + "/oauth/token"), Map.of("Accept", "application/json"), form);
        } catch (ProviderException.InvalidAnswer e) {
            if (e.status() == 400 || e.status() == 401) {
                String error = oauthError(e.body());
                throw new GrantRejected(error, "token endpoint refused the grant: " + error);
            }
            throw e;
        }
        JsonNode root = object(body);
        String access = text(root, "access_token");
        if (access == null) {
            throw http.invalid("token answer has no access_token");
        }
        long expiresIn =
                root.path("expires_in").isNumber() ? root.get("expires_in").asLong() : 3600;
        return new OAuthTokens(
                access,
                text(root, "refresh_token"),
                Duration.ofSeconds(expiresIn),
                text(root, "scope"),
                text(root, "locationId"));
    }

    @Override
    public SyncPage fetch(DataType type, String accessToken, String account, String cursor) {
        return switch (type) {
            case CONTACTS -> contacts(accessToken, account, cursor);
            case TRANSACTIONS -> transactions(accessToken, account, cursor);
        };
    }

    private SyncPage contacts(String token, String account, String cursor) {
        JsonNode position = cursor == null ? null : object(cursor);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("locationId", account);
        query.put("limit", String.valueOf(settings.pageSize()));
        if (position != null && text(position, "startAfterId") != null) {
            query.put("startAfterId", text(position, "startAfterId"));
            query.put("startAfter", text(position, "startAfter"));
        }
        JsonNode root = object(get("/contacts/", query, token));
        JsonNode list = root.get("contacts");
        if (list == null || !list.isArray()) {
            throw http.invalid("contacts answer has no contacts array");
        }
        List<SyncedRecord> records = new ArrayList<>();
        String lastId = null;
        String lastAdded = null;
        for (JsonNode c : list) {
            String id = text(c, "id");
            if (id == null) {
                throw http.invalid("a contact has no id");
            }
            records.add(new SyncedRecord.Contact(
                    id,
                    text(c, "firstName"),
                    text(c, "lastName"),
                    text(c, "email"),
                    text(c, "phone"),
                    text(c, "companyName"),
                    strings(c.get("tags")),
                    instant(c, "dateUpdated") != null ? instant(c, "dateUpdated") : instant(c, "dateAdded")));
            lastId = id;
            Instant added = instant(c, "dateAdded");
            lastAdded = added == null ? null : String.valueOf(added.toEpochMilli());
        }
        JsonNode meta = root.path("meta");
        String nextId = text(meta, "startAfterId") != null ? text(meta, "startAfterId") : lastId;
        String nextAfter = text(meta, "startAfter") != null ? text(meta, "startAfter") : lastAdded;
        boolean done = records.size() < settings.pageSize() || text(meta, "nextPageUrl") == null;
        String next = cursor;
        if (nextId != null) {
            ObjectNode n = JSON.createObjectNode();
            n.put("startAfterId", nextId);
            n.put("startAfter", nextAfter);
            next = JSON.writeValueAsString(n);
        }
        return new SyncPage(records, next, done);
    }

    private SyncPage transactions(String token, String account, String cursor) {
        JsonNode position = cursor == null ? null : object(cursor);
        long offset = position == null ? 0 : position.path("offset").asLong(0);
        String startAt = position == null ? null : text(position, "startAt");
        String newest = position == null ? null : text(position, "newest");
        Map<String, String> query = new LinkedHashMap<>();
        query.put("altId", account);
        query.put("altType", "location");
        query.put("limit", String.valueOf(settings.pageSize()));
        query.put("offset", String.valueOf(offset));
        if (startAt != null) {
            query.put("startAt", startAt);
        }
        JsonNode root = object(get("/payments/transactions", query, token));
        JsonNode list = root.get("data");
        if (list == null || !list.isArray()) {
            throw http.invalid("transactions answer has no data array");
        }
        List<SyncedRecord> records = new ArrayList<>();
        for (JsonNode t : list) {
            String id = text(t, "_id") != null ? text(t, "_id") : text(t, "id");
            String currency = text(t, "currency");
            if (id == null || currency == null || !t.has("amount")) {
                throw http.invalid("a transaction lacks its id, amount or currency");
            }
            long minor = minorUnits(t.get("amount"), currency);
            Instant created = instant(t, "createdAt");
            Instant updated = instant(t, "updatedAt");
            records.add(new SyncedRecord.Transaction(
                    id,
                    minor,
                    currency.toUpperCase(Locale.ROOT),
                    text(t, "status"),
                    text(t, "contactId"),
                    text(t, "contactEmail"),
                    text(t, "contactPhone"),
                    created,
                    updated != null ? updated : created));
            if (created != null && (newest == null || created.isAfter(Instant.parse(newest)))) {
                newest = created.toString();
            }
        }
        long total = root.path("totalCount").asLong(-1);
        long nextOffset = offset + records.size();
        boolean done = records.size() < settings.pageSize() || (total >= 0 && nextOffset >= total);
        ObjectNode n = JSON.createObjectNode();
        if (done) {
            // The next pass starts at the newest payment seen (inclusive: it comes back, unchanged,
            // and is not emitted again), from the first page.
            n.put("offset", 0);
            n.put("startAt", newest != null ? newest : startAt);
        } else {
            n.put("offset", nextOffset);
            n.put("startAt", startAt);
            n.put("newest", newest);
        }
        return new SyncPage(records, JSON.writeValueAsString(n), done);
    }

    private String get(String path, Map<String, String> query, String token) {
        URI uri = URI.create(base() + path + "?" + encode(query));
        try {
            return http.get(
                    uri,
                    Map.of(
                            "Authorization",
                            "Bearer " + token,
                            "Version",
                            settings.apiVersion(),
                            "Accept",
                            "application/json"));
        } catch (ProviderException.InvalidAnswer e) {
            if (e.status() == 401) {
                throw new AccessTokenRejected(PROVIDER + ": access token refused (401)");
            }
            throw e;
        }
    }

    private long minorUnits(JsonNode amount, String currency) {
        BigDecimal major;
        try {
            major = amount.isNumber()
                    ? amount.decimalValue()
                    : new BigDecimal(amount.asString().trim());
            int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return major.movePointRight(Math.max(digits, 0))
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (RuntimeException e) {
            throw http.invalid("a transaction's amount or currency is not usable");
        }
    }

    private JsonNode object(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw http.invalid("answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw http.invalid("answer is not a JSON object");
        }
        return root;
    }

    private static String oauthError(String body) {
        if (body == null) {
            return "unknown";
        }
        try {
            JsonNode root = JSON.readTree(body);
            String error = root == null ? null : text(root, "error");
            return error == null ? "unknown" : error;
        } catch (JacksonException e) {
            return "unknown";
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asString();
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode v : array) {
                if (v.isValueNode() && !v.isNull() && !v.asString().isBlank()) {
                    values.add(v.asString().trim());
                }
            }
        }
        return values;
    }

    private Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asString().trim());
        } catch (DateTimeParseException e) {
            throw http.invalid("a date is not ISO-8601: " + field);
        }
    }

    private String base() {
        String url = settings.http().url();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(Map<String, String> query) {
        StringBuilder out = new StringBuilder();
        query.forEach((key, value) -> {
            if (value != null) {
                if (!out.isEmpty()) {
                    out.append('&');
                }
                out.append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return out.toString();
    }
}
