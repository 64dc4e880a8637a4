package io.leadpulse.realtime.protocol;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes the frames the server sends. Event {@code data} travels as a JSON string, as Pusher's own
 * servers send it; a channel message may carry a top-level {@code position} (our extension, ignored
 * by unmodified clients, see ADR 8).
 */
public final class Frames {

    public static final Frame PONG = Frame.of("{\"event\":\"pusher:pong\",\"data\":{}}");
    public static final Frame PING = Frame.of("{\"event\":\"pusher:ping\",\"data\":{}}");

    private final JsonMapper json;

    public Frames(JsonMapper json) {
        this.json = json;
    }

    public JsonMapper json() {
        return json;
    }

    public Frame connectionEstablished(String socketId, int activityTimeout) {
        ObjectNode data = json.createObjectNode();
        data.put("socket_id", socketId);
        data.put("activity_timeout", activityTimeout);
        return event("pusher:connection_established", null, json.writeValueAsString(data), null, null, 0);
    }

    /** {@code pusher:error}; its data is an object, as Pusher sends it. */
    public Frame error(int code, String message) {
        ObjectNode frame = json.createObjectNode();
        frame.put("event", "pusher:error");
        ObjectNode data = frame.putObject("data");
        data.put("code", code);
        data.put("message", message);
        return new Frame(json.writeValueAsBytes(frame), 0);
    }

    public Frame subscriptionSucceeded(String channel, JsonNode presence, String position) {
        ObjectNode data = json.createObjectNode();
        if (presence != null) {
            data.set("presence", presence);
        }
        return event(
                "pusher_internal:subscription_succeeded", channel, json.writeValueAsString(data), position, null, 0);
    }

    /** The error shape pusher-js and soketi use: {@code {type, error, status}}. */
    public Frame subscriptionError(String channel, String type, String error, int status) {
        ObjectNode data = json.createObjectNode();
        data.put("type", type);
        data.put("error", error);
        data.put("status", status);
        return event("pusher:subscription_error", channel, json.writeValueAsString(data), null, null, 0);
    }

    public Frame memberAdded(String channel, String userId, JsonNode userInfo) {
        ObjectNode data = json.createObjectNode();
        data.put("user_id", userId);
        data.set("user_info", userInfo);
        return event("pusher_internal:member_added", channel, json.writeValueAsString(data), null, null, 0);
    }

    public Frame memberRemoved(String channel, String userId) {
        return event(
                "pusher_internal:member_removed",
                channel,
                json.writeValueAsString(Map.of("user_id", userId)),
                null,
                null,
                0);
    }

    /** A leadpulse extension event ({@code leadpulse:resync}, {@code leadpulse:resumed}). */
    public Frame extension(String event, String channel, Map<String, ?> data) {
        return event(event, channel, json.writeValueAsString(data), null, null, 0);
    }

    /**
     * An application event on a channel.
     *
     * @param data the event data as a string (JSON or not), as Pusher delivers it
     * @param position the channel position after this message, or null (client events)
     * @param userId the sender, for client events on presence channels
     */
    public Frame event(
            String event, String channel, String data, String position, String userId, long occurredAtMillis) {
        ObjectNode frame = json.createObjectNode();
        frame.put("event", event);
        if (channel != null) {
            frame.put("channel", channel);
        }
        frame.put("data", data);
        if (userId != null) {
            frame.put("user_id", userId);
        }
        if (position != null) {
            frame.put("position", position);
        }
        return new Frame(json.writeValueAsBytes(frame), occurredAtMillis);
    }

    /**
     * The frame for a client that asked for positions inside {@code data}
     * ({@code leadpulse:options}): when the data is a JSON object it gains a
     * {@code leadpulse_position} field; anything else is sent as it is. Built once per frame.
     */
    public Frame withPositionInData(Frame frame) {
        Frame cached = frame.positionInData();
        if (cached != null) {
            return cached;
        }
        Frame variant = frame;
        try {
            JsonNode node = json.readTree(frame.bytes());
            JsonNode data = node.get("data");
            JsonNode position = node.get("position");
            if (position != null && data != null && data.isString()) {
                JsonNode payload = json.readTree(data.stringValue());
                if (payload instanceof ObjectNode object) {
                    object.put("leadpulse_position", position.stringValue());
                    ((ObjectNode) node).put("data", json.writeValueAsString(object));
                    variant = new Frame(json.writeValueAsBytes(node), frame.occurredAtMillis());
                }
            }
        } catch (RuntimeException e) {
            // Data that is not JSON stays as it is; the top-level position is still there.
        }
        frame.positionInData(variant);
        return variant;
    }

    /** Event data as Pusher delivers it: strings as they are, anything else as its JSON. */
    public String dataAsString(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return "{}";
        }
        return data.isString() ? data.stringValue() : json.writeValueAsString(data);
    }
}
