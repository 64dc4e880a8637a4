package io.leadpulse.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare WebSocket client speaking Pusher frames by hand, to test what official clients never send. */
final class RawClient implements WebSocket.Listener, AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    private WebSocket socket;

    private RawClient(boolean reading) {
        this.reading = reading;
    }

    static RawClient connect(int port, String pathAndQuery) {
        return connect(port, pathAndQuery, true);
    }

    /** With {@code reading} false the client never asks for more frames: a consumer that stalls. */
    static RawClient connect(int port, String pathAndQuery, boolean reading) {
        RawClient client = new RawClient(reading);
        client.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + pathAndQuery), client)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return client;
    }

    /** Connected and past the handshake: returns the socket id. */
    static RawClient established(int port) {
        RawClient client = connect(port, "/app/leadpulse-key?protocol=7&client=raw&version=1");
        client.socketId();
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closeCode == null) {
            closeCode = -1;
        }
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void send(Object frame) {
        send(JSON.writeValueAsString(frame));
    }

    JsonNode await(Predicate<JsonNode> match) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> frames.stream().anyMatch(match));
        return frames.stream().filter(match).findFirst().orElseThrow();
    }

    JsonNode awaitEvent(String event) {
        return await(frame -> event.equals(frame.path("event").asString()));
    }

    JsonNode awaitEvent(String event, String channel) {
        return await(frame -> event.equals(frame.path("event").asString())
                && channel.equals(frame.path("channel").asString()));
    }

    List<JsonNode> events(String event) {
        return frames.stream()
                .filter(frame -> event.equals(frame.path("event").asString()))
                .toList();
    }

    String socketId() {
        return data(awaitEvent("pusher:connection_established"))
                .get("socket_id")
                .asString();
    }

    void awaitClose(int code) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> closeCode != null);
        org.assertj.core.api.Assertions.assertThat(closeCode).isEqualTo(code);
    }

    /** An event's data: Pusher sends it as a JSON string (pusher:error as an object). */
    static JsonNode data(JsonNode frame) {
        JsonNode data = frame.get("data");
        return data.isString() ? JSON.readTree(data.asString()) : data;
    }

    /** Drops the TCP connection without a close frame, as a phone losing its network does. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
