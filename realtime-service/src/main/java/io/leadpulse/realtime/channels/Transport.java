package io.leadpulse.realtime.channels;

import io.leadpulse.realtime.protocol.Frame;

/** The socket underneath a {@link Connection}, provided by the WebSocket adapter. */
public interface Transport {

    /** Queues a frame for writing; must not block. */
    void emit(Frame frame);

    /**
     * Closes the socket with a close code.
     *
     * @param flush true to write what is queued first; false to drop it (a slow consumer)
     */
    void close(int code, String reason, boolean flush);
}
