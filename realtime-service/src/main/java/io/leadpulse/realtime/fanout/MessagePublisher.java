package io.leadpulse.realtime.fanout;

import java.util.concurrent.CompletableFuture;

/**
 * Writes a message to {@code realtime.messages}, so every instance delivers it (with a position)
 * exactly as it delivers the services' outbox messages.
 */
public interface MessagePublisher {

    /**
     * @param key the record key; messages with the same key stay in order
     * @param value the record, as {@link RealtimeRecordCodec#write} makes it
     */
    CompletableFuture<Void> publish(String key, String value);
}
