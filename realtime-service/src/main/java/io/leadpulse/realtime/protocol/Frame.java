package io.leadpulse.realtime.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One encoded text frame. A channel message is encoded once and the same bytes are handed to every
 * subscriber, so fan-out costs no serialisation per socket. A second encoding with the position
 * inside {@code data} is made at most once, and only when a subscriber asked for it.
 */
public final class Frame {

    private final byte[] bytes;
    private final long occurredAtMillis;
    /** The variant with the position in data; built and read on the hub thread only. */
    private Frame positionInData;

    /**
     * @param bytes UTF-8 JSON, never modified after creation
     * @param occurredAtMillis when the message's change happened (epoch ms), 0 for protocol frames;
     *     feeds the delivery-latency histogram
     */
    public Frame(byte[] bytes, long occurredAtMillis) {
        this.bytes = bytes;
        this.occurredAtMillis = occurredAtMillis;
    }

    public static Frame of(String json) {
        return new Frame(json.getBytes(StandardCharsets.UTF_8), 0);
    }

    public byte[] bytes() {
        return bytes;
    }

    public long occurredAtMillis() {
        return occurredAtMillis;
    }

    public int size() {
        return bytes.length;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    Frame positionInData() {
        return positionInData;
    }

    void positionInData(Frame variant) {
        positionInData = variant;
    }
}
