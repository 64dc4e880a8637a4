package io.leadpulse.billing.webhooks;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A stored Stripe event as the handlers read it: the fields they need, read from the raw JSON
 * rather than through stripe-java's typed models, so an account on another API version than the
 * SDK's never leaves an event unreadable (ADR 0011).
 *
 * @param lastAttempt true when this is the last processing attempt; a handler that would defer
 *     must decide now
 */
public record StripeEvent(String id, String type, Instant created, JsonNode root, boolean lastAttempt) {

    /** {@code data.object}: the Stripe object the event is about. */
    public JsonNode object() {
        return root.path("data").path("object");
    }

    /** A text field of the object by dotted path ({@code customer}, {@code last_payment_error.message}). */
    public String text(String path) {
        return text(object(), path);
    }

    public long number(String path) {
        JsonNode node = at(object(), path);
        return node.isNumber() ? node.asLong() : 0L;
    }

    public Optional<Instant> epoch(String path) {
        JsonNode node = at(object(), path);
        return node.isNumber() ? Optional.of(Instant.ofEpochSecond(node.asLong())) : Optional.empty();
    }

    /** {@code account} on Connect events: the connected account the event came from. */
    public String account() {
        JsonNode node = root.path("account");
        return node.isString() ? node.asString() : null;
    }

    /** The first of these metadata keys found in the object's metadata sources, as a UUID. */
    public Optional<String> metadata(String key) {
        for (String source : METADATA_SOURCES) {
            String value = text(source + "." + key);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    /**
     * Where Stripe puts our metadata, by object: the object's own, a subscription's as copied onto
     * its invoices (both API shapes), and the first invoice line's.
     */
    private static final String[] METADATA_SOURCES = {
        "metadata", "subscription_details.metadata", "parent.subscription_details.metadata", "lines.data.0.metadata"
    };

    public static Optional<UUID> uuid(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String text(JsonNode from, String path) {
        JsonNode node = at(from, path);
        if (node.isString()) {
            return node.asString();
        }
        // An expanded object in place of an id: its id.
        if (node.isObject() && node.path("id").isString()) {
            return node.path("id").asString();
        }
        return null;
    }

    static JsonNode at(JsonNode from, String path) {
        JsonNode node = from;
        for (String part : path.split("\\.")) {
            if (node.isArray() && part.chars().allMatch(Character::isDigit)) {
                node = node.path(Integer.parseInt(part));
            } else {
                node = node.path(part);
            }
        }
        return node;
    }
}
