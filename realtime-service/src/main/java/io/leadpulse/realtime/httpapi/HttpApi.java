package io.leadpulse.realtime.httpapi;

import io.leadpulse.realtime.channels.RealtimeMetrics;
import io.leadpulse.realtime.fanout.MessagePublisher;
import io.leadpulse.realtime.fanout.RealtimeRecordCodec;
import io.leadpulse.realtime.protocol.ChannelName;
import io.leadpulse.realtime.protocol.PusherSignatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of Pusher's HTTP API that backends use to publish: {@code POST /apps/{id}/events} and
 * {@code /apps/{id}/batch_events}, signed as Pusher signs them. Accepted events are written to
 * {@code realtime.messages}, so every instance delivers them with positions, like outbox messages.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern PATH = Pattern.compile("/apps/([^/]+)/(events|batch_events)");
    private static final long MAX_CLOCK_SKEW_SECONDS = 600;
    private static final int MAX_CHANNELS = 100;
    private static final int MAX_BATCH = 10;
    private static final Pattern ORG_CHANNEL = Pattern.compile("(?:private|presence)-org-([0-9a-fA-F-]{36})");

    /** A request as the adapter read it; query values decoded. */
    public record Request(String method, String path, Map<String, String> query, byte[] body) {}

    public record Response(int status, String body) {
        static Response error(int status, String message) {
            return new Response(status, "{\"error\":\"" + message.replace("\"", "'") + "\"}");
        }
    }

    private record Event(String name, List<String> channels, String data, String socketId) {}

    private final String appId;
    private final PusherSignatures signatures;
    private final MessagePublisher publisher;
    private final RealtimeRecordCodec codec;
    private final JsonMapper json;
    private final RealtimeMetrics metrics;
    private final int maxDataBytes;

    public HttpApi(
            String appId,
            PusherSignatures signatures,
            MessagePublisher publisher,
            RealtimeRecordCodec codec,
            JsonMapper json,
            RealtimeMetrics metrics,
            int maxDataBytes) {
        this.appId = appId;
        this.signatures = signatures;
        this.publisher = publisher;
        this.codec = codec;
        this.json = json;
        this.metrics = metrics;
        this.maxDataBytes = maxDataBytes;
    }

    public CompletableFuture<Response> handle(Request request) {
        Matcher path = PATH.matcher(request.path());
        if (!path.matches() || !path.group(1).equals(appId)) {
            return done(Response.error(404, "Not found"));
        }
        if (!"POST".equals(request.method())) {
            return done(Response.error(405, "Use POST"));
        }
        String refusal = checkSignature(request);
        if (refusal != null) {
            metrics.authFailed("http_api");
            return done(Response.error(401, refusal));
        }
        List<Event> events;
        try {
            JsonNode body = json.readTree(request.body());
            events = path.group(2).equals("events") ? List.of(event(body, true)) : batch(body);
        } catch (JacksonException e) {
            return done(Response.error(400, "Body is not JSON"));
        } catch (Invalid e) {
            return done(Response.error(e.status, e.getMessage()));
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>(events.size());
        for (Event event : events) {
            metrics.received(RealtimeMetrics.Source.HTTP_API);
            sends.add(publisher.publish(
                    keyOf(event.channels().getFirst()),
                    codec.write(event.name(), event.channels(), event.data(), event.socketId())));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(ok -> path.group(2).equals("events")
                        ? new Response(200, "{}")
                        : new Response(200, "{\"batch\":[" + "{},".repeat(events.size() - 1) + "{}]}"))
                .exceptionally(error -> {
                    log.warn("HTTP API events not written to Kafka: {}", error.toString());
                    return Response.error(503, "Cannot accept events now; retry");
                });
    }

    /** Pusher's request signature: HMAC over {@code POST\n<path>\n<sorted query without auth_signature>}. */
    private String checkSignature(Request request) {
        Map<String, String> query = request.query();
        if (!signatures.key().equals(query.get("auth_key"))) {
            return "Unknown auth_key";
        }
        if (!"1.0".equals(query.get("auth_version"))) {
            return "auth_version must be 1.0";
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(query.getOrDefault("auth_timestamp", ""));
        } catch (NumberFormatException e) {
            return "auth_timestamp missing";
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
            return "Timestamp expired: more than 600 s from the server's clock";
        }
        if (request.body().length > 0
                && !PusherSignatures.constantTimeEquals(
                        PusherSignatures.md5Hex(request.body()), query.getOrDefault("body_md5", ""))) {
            return "body_md5 does not match the body";
        }
        String signature = query.get("auth_signature");
        if (signature == null) {
            return "auth_signature missing";
        }
        String expected = signatures.sign(stringToSign(request.path(), query));
        return PusherSignatures.constantTimeEquals(expected, signature) ? null : "Invalid signature";
    }

    static String stringToSign(String path, Map<String, String> query) {
        String sorted = new TreeMap<>(query)
                .entrySet().stream()
                        .filter(entry -> !entry.getKey().equals("auth_signature"))
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .collect(Collectors.joining("&"));
        return "POST\n" + path + "\n" + sorted;
    }

    private List<Event> batch(JsonNode body) {
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray() || batch.isEmpty()) {
            throw new Invalid(400, "batch must be a non-empty array");
        }
        if (batch.size() > MAX_BATCH) {
            throw new Invalid(400, "At most " + MAX_BATCH + " events in a batch");
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode event : batch) {
            events.add(event(event, false));
        }
        return events;
    }

    private Event event(JsonNode node, boolean manyChannels) {
        String name = text(node, "name");
        if (name == null || name.isEmpty() || name.length() > 200) {
            throw new Invalid(400, "name must be 1 to 200 characters");
        }
        List<String> channels = new ArrayList<>();
        JsonNode list = node.get("channels");
        if (manyChannels && list != null && list.isArray()) {
            list.forEach(channel -> channels.add(channel.isString() ? channel.stringValue() : null));
        } else if (text(node, "channel") != null) {
            channels.add(text(node, "channel"));
        }
        if (channels.isEmpty()) {
            throw new Invalid(400, "channels missing");
        }
        if (channels.size() > MAX_CHANNELS) {
            throw new Invalid(400, "At most " + MAX_CHANNELS + " channels per event");
        }
        for (String channel : channels) {
            if (!ChannelName.isValid(channel)) {
                throw new Invalid(400, "Invalid channel name");
            }
        }
        JsonNode data = node.get("data");
        String text = data == null || data.isNull()
                ? ""
                : data.isString() ? data.stringValue() : json.writeValueAsString(data);
        if (text.length() > maxDataBytes) {
            throw new Invalid(413, "data is larger than " + maxDataBytes + " bytes");
        }
        String socketId = text(node, "socket_id");
        if (socketId != null && !ChannelName.isValidSocketId(socketId)) {
            throw new Invalid(400, "Invalid socket_id");
        }
        return new Event(name, List.copyOf(channels), text, socketId);
    }

    /** The org's key when the channel names it, so its messages share the org's partition; else the channel. */
    private static String keyOf(String channel) {
        Matcher org = ORG_CHANNEL.matcher(channel);
        return org.matches() ? org.group(1).toLowerCase(java.util.Locale.ROOT) : channel;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static CompletableFuture<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    private static final class Invalid extends RuntimeException {
        final int status;

        Invalid(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
