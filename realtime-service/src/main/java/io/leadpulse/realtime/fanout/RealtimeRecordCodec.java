package io.leadpulse.realtime.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@code realtime.messages} values: the JSON of platform's {@code RealtimeMessage}
 * ({@code id, orgId, channels, event, data, occurredAt}) as services' outboxes write it, plus an
 * optional {@code socketId} the HTTP API adds to leave its sender out.
 */
public final class RealtimeRecordCodec {

    private final JsonMapper json;

    public RealtimeRecordCodec(JsonMapper json) {
        this.json = json;
    }

    /** The record, or null when the value is not a realtime message (it is skipped and counted). */
    public RealtimeRecord read(String value) {
        if (value == null) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (JacksonException e) {
            return null;
        }
        JsonNode event = node.get("event");
        JsonNode channels = node.get("channels");
        if (event == null || !event.isString() || channels == null || !channels.isArray() || channels.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(channels.size());
        for (JsonNode channel : channels) {
            if (!channel.isString()) {
                return null;
            }
            names.add(channel.stringValue());
        }
        JsonNode data = node.get("data");
        String text;
        if (data == null || data.isNull() || data.isMissingNode()) {
            text = "{}";
        } else if (data.isString()) {
            text = data.stringValue();
        } else {
            text = json.writeValueAsString(data);
        }
        JsonNode exclude = node.get("socketId");
        JsonNode id = node.get("id");
        return new RealtimeRecord(
                List.copyOf(names),
                event.stringValue(),
                text,
                occurredAt(node.get("occurredAt")),
                exclude != null && exclude.isString() ? exclude.stringValue() : null,
                id != null && id.isString() ? id.stringValue() : null);
    }

    /** A message from the HTTP API; its data is a string, as Pusher's HTTP API carries it. */
    public String write(String event, List<String> channels, String data, String socketId) {
        ObjectNode node = json.createObjectNode();
        node.put("id", UUID.randomUUID().toString());
        var array = node.putArray("channels");
        channels.forEach(array::add);
        node.put("event", event);
        node.put("data", data);
        node.put("occurredAt", Instant.now().toString());
        if (socketId != null) {
            node.put("socketId", socketId);
        }
        return json.writeValueAsString(node);
    }

    private static long occurredAt(JsonNode node) {
        try {
            if (node == null) {
                return 0;
            }
            if (node.isString()) {
                return Instant.parse(node.stringValue()).toEpochMilli();
            }
            if (node.isNumber()) {
                // Jackson's numeric form is seconds with a fraction.
                return (long) (node.doubleValue() * 1000);
            }
        } catch (RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
