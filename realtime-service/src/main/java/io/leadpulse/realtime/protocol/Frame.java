package io.leadpulse.realtime.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One encoded text frame. A channel message is encoded once and the same bytes are handed to every
 * subscriber, so fan-out costs no serialisation per socket.
 *
 * @param bytes UTF-8 JSON, never modified after creation
 * @param occurredAtMillis when the message's change happened (epoch ms), 0 for protocol frames;
 *     feeds the delivery-latency histogram
 */
public record Frame(byte[] bytes, long occurredAtMillis) {

    public static Frame of(String json) {
        return new Frame(json.getBytes(StandardCharsets.UTF_8), 0);
    }

    public int size() {
        return bytes.length;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
