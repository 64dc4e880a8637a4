package io.leadpulse.realtime.channels;

import io.leadpulse.realtime.history.Position;
import io.leadpulse.realtime.protocol.ChannelName;
import io.leadpulse.realtime.protocol.CloseCodes;
import io.leadpulse.realtime.protocol.Frames;
import io.leadpulse.realtime.protocol.PusherSignatures;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pusher protocol 7, the server side of one socket: the handshake, then every frame a client sends.
 * Runs on the socket's I/O thread; checks (JSON, names, signatures, rate limits) happen here, and
 * what changes channels is handed to the {@link Hub}.
 */
public final class PusherServer {

    private static final Logger log = LoggerFactory.getLogger(PusherServer.class);

    /** The settings the protocol needs. */
    public record Settings(
            String appKey,
            int activityTimeoutSeconds,
            long pongTimeoutMillis,
            int maxConnections,
            long maxOutboundBytes,
            int maxInboundBytes,
            int maxEventDataBytes,
            int clientEventsPerSecond,
            long writeTimeoutMillis) {}

    private final Settings settings;
    private final Hub hub;
    private final Frames frames;
    private final PusherSignatures signatures;
    private final RealtimeMetrics metrics;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final long socketIdPrefix = ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
    private final AtomicLong socketIdSequence = new AtomicLong();
    private volatile boolean draining;

    public PusherServer(
            Settings settings, Hub hub, Frames frames, PusherSignatures signatures, RealtimeMetrics metrics) {
        this.settings = settings;
        this.hub = hub;
        this.frames = frames;
        this.signatures = signatures;
        this.metrics = metrics;
    }

    /**
     * A new socket at {@code /app/{appKey}?protocol=N}. Returns its connection, closed already when
     * the handshake is refused (unknown key 4001, protocol 4007/4008, starting or full 4100,
     * draining 4200).
     */
    public Connection open(String appKey, String protocol, Transport transport) {
        Connection connection = new Connection(
                socketIdPrefix + "." + socketIdSequence.incrementAndGet(),
                transport,
                metrics,
                settings.maxOutboundBytes());
        if (appKey == null || !PusherSignatures.constantTimeEquals(settings.appKey(), appKey)) {
            refuse(connection, CloseCodes.APP_NOT_FOUND, "App key " + abbreviate(appKey) + " not in this cluster");
        } else if (protocol == null) {
            refuse(connection, CloseCodes.NO_PROTOCOL, "No protocol version supplied");
        } else if (!protocol.equals("5") && !protocol.equals("6") && !protocol.equals("7")) {
            refuse(connection, CloseCodes.UNSUPPORTED_PROTOCOL, "Unsupported protocol version " + abbreviate(protocol));
        } else if (draining) {
            refuse(connection, CloseCodes.RECONNECT, "Server is shutting down, reconnect");
        } else if (!hub.isReady()) {
            refuse(connection, CloseCodes.OVER_CAPACITY, "Server is starting, reconnect shortly");
        } else if (connections.size() >= settings.maxConnections()) {
            refuse(connection, CloseCodes.OVER_CAPACITY, "Over capacity");
        } else {
            connections.add(connection);
            metrics.connectionOpened();
            connection.send(frames.connectionEstablished(connection.socketId(), settings.activityTimeoutSeconds()));
        }
        return connection;
    }

    private void refuse(Connection connection, int code, String message) {
        log.info("socket refused: code={} reason={}", code, message);
        connection.close(code, message, frames.error(code, message));
    }

    /** The socket is gone, whoever closed it. */
    public void closed(Connection connection) {
        if (connections.remove(connection)) {
            metrics.connectionClosed();
            hub.disconnected(connection);
        }
    }

    /** One text frame from the client. */
    public void onText(Connection connection, String text) {
        connection.touch();
        if (connection.isClosed()) {
            return;
        }
        if (text.length() > settings.maxInboundBytes()) {
            connection.send(frames.error(CloseCodes.CLIENT_EVENT_REJECTED, "Frame too large"));
            return;
        }
        JsonNode message;
        try {
            message = frames.json().readTree(text);
        } catch (JacksonException e) {
            connection.send(frames.error(CloseCodes.CLIENT_EVENT_REJECTED, "Malformed JSON"));
            return;
        }
        String event = text(message, "event");
        if (event == null) {
            connection.send(frames.error(CloseCodes.CLIENT_EVENT_REJECTED, "Frame has no event"));
            return;
        }
        JsonNode data = message.get("data");
        switch (event) {
            case "pusher:ping" -> connection.send(Frames.PONG);
            case "pusher:pong" -> {
                // touch() above has recorded that the client is alive.
            }
            case "pusher:subscribe" -> subscribe(connection, objectData(data));
            case "pusher:unsubscribe" -> {
                String channel = text(objectData(data), "channel");
                if (channel != null) {
                    hub.unsubscribe(connection, channel);
                }
            }
            case "leadpulse:resume" -> resume(connection, objectData(data));
            case "leadpulse:options" ->
                connection.positionInData(
                        objectData(data).path("position_in_data").asBoolean(false));
            default -> {
                if (event.startsWith("client-")) {
                    clientEvent(connection, event, text(message, "channel"), data);
                } else {
                    connection.send(
                            frames.error(CloseCodes.CLIENT_EVENT_REJECTED, "Unsupported event " + abbreviate(event)));
                }
            }
        }
    }

    private void subscribe(Connection connection, JsonNode data) {
        String channel = text(data, "channel");
        if (!ChannelName.isValid(channel)) {
            connection.send(frames.subscriptionError(
                    channel == null ? null : abbreviate(channel), "InvalidChannel", "Invalid channel name", 400));
            return;
        }
        Position resumeFrom = null;
        if (data.has("resume_from")) {
            resumeFrom = Position.parse(text(data, "resume_from"));
            if (resumeFrom == null) {
                resumeFrom = new Position("invalid", new long[0]);
            }
        }
        ChannelName.Type type = ChannelName.typeOf(channel);
        if (type == ChannelName.Type.PUBLIC) {
            hub.subscribe(connection, channel, null, resumeFrom);
            return;
        }
        String auth = text(data, "auth");
        String channelData = type == ChannelName.Type.PRESENCE ? text(data, "channel_data") : null;
        if (!signatures.verifyChannelAuth(connection.socketId(), channel, channelData, auth)) {
            metrics.authFailed("signature");
            connection.send(frames.subscriptionError(channel, "AuthError", "Invalid signature", 401));
            return;
        }
        Hub.Member member = null;
        if (type == ChannelName.Type.PRESENCE) {
            member = member(channelData);
            if (member == null) {
                connection.send(
                        frames.subscriptionError(channel, "InvalidChannelData", "channel_data needs a user_id", 400));
                return;
            }
        }
        hub.subscribe(connection, channel, member, resumeFrom);
    }

    private Hub.Member member(String channelData) {
        if (channelData == null) {
            return null;
        }
        try {
            JsonNode node = frames.json().readTree(channelData);
            JsonNode userId = node.get("user_id");
            if (userId == null || !(userId.isString() || userId.isIntegralNumber())) {
                return null;
            }
            JsonNode info = node.get("user_info");
            return new Hub.Member(
                    userId.asString(), info == null ? frames.json().createObjectNode() : info);
        } catch (JacksonException e) {
            return null;
        }
    }

    private void resume(Connection connection, JsonNode data) {
        String channel = text(data, "channel");
        if (!ChannelName.isValid(channel)) {
            connection.send(frames.error(CloseCodes.CLIENT_EVENT_REJECTED, "leadpulse:resume needs a valid channel"));
            return;
        }
        Position position = Position.parse(text(data, "position"));
        hub.resume(connection, channel, position == null ? new Position("invalid", new long[0]) : position);
    }

    private void clientEvent(Connection connection, String event, String channel, JsonNode data) {
        if (channel == null || ChannelName.typeOf(channel) == ChannelName.Type.PUBLIC) {
            connection.send(frames.error(
                    CloseCodes.UNAUTHORIZED, "Client events are allowed on private and presence channels only"));
            return;
        }
        if (event.length() > 200) {
            connection.send(frames.error(CloseCodes.CLIENT_EVENT_REJECTED, "Event name too long"));
            return;
        }
        String payload = frames.dataAsString(data);
        if (payload.length() > settings.maxEventDataBytes()) {
            connection.send(frames.error(CloseCodes.CLIENT_EVENT_REJECTED, "Client event data too large"));
            return;
        }
        if (!connection.allowClientEvent(settings.clientEventsPerSecond())) {
            connection.send(frames.error(CloseCodes.RATE_LIMITED, "Client event rejected due to rate limit"));
            return;
        }
        hub.clientEvent(connection, channel, event, payload);
    }

    /**
     * Once every second or so: pings connections that have been silent for the activity timeout and
     * closes those that did not answer a ping within the pong timeout (4201).
     */
    public void checkActivity() {
        long now = System.nanoTime();
        long idleNanos = settings.activityTimeoutSeconds() * 1_000_000_000L;
        long pongNanos = settings.pongTimeoutMillis() * 1_000_000L;
        long writeTimeoutNanos = settings.writeTimeoutMillis() * 1_000_000L;
        for (Connection connection : connections) {
            long queued = connection.queuedBytes();
            if (connection.cutIfStalled(
                    now,
                    writeTimeoutNanos,
                    CloseCodes.OVER_CAPACITY,
                    "Over capacity: the client stopped reading, reconnect and resume")) {
                // It takes neither its frames nor a close frame (4100: reconnect and resume).
                metrics.slowConsumerDisconnected();
                log.info(
                        "stalled consumer disconnected with 4100: socket_id={} queued_bytes={} write_timeout_ms={}",
                        connection.socketId(),
                        queued,
                        settings.writeTimeoutMillis());
                continue;
            }
            long pinged = connection.pingSentNanos();
            if (pinged != 0) {
                if (now - pinged > pongNanos) {
                    connection.close(CloseCodes.PONG_NOT_RECEIVED, "Pong reply not received", null);
                }
            } else if (now - connection.lastSeenNanos() > idleNanos) {
                connection.pinged(now);
                connection.send(Frames.PING);
            }
        }
    }

    /** Shutting down: every client is told to reconnect (to another instance) at once. */
    public void drain() {
        draining = true;
        int asked = 0;
        for (Connection connection : connections) {
            connection.close(
                    CloseCodes.RECONNECT,
                    "Server is shutting down, reconnect",
                    frames.error(CloseCodes.RECONNECT, "Server is shutting down, reconnect"));
            asked++;
        }
        // Counted as asked: by the end of the loop the first clients may have gone already.
        log.info("draining: asked {} connections to reconnect elsewhere", asked);
    }

    /** Started (again): sockets are welcome. */
    public void open() {
        draining = false;
    }

    public int connectionCount() {
        return connections.size();
    }

    private JsonNode objectData(JsonNode data) {
        if (data != null && data.isString()) {
            try {
                data = frames.json().readTree(data.stringValue());
            } catch (JacksonException e) {
                return frames.json().createObjectNode();
            }
        }
        return data != null && data.isObject()
                ? data
                : (ObjectNode) frames.json().createObjectNode();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "(none)";
        }
        String safe = value.replaceAll("[^A-Za-z0-9_\\-=@,.;:]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) + "..." : safe;
    }
}
