package io.leadpulse.realtime.fanout;

import java.util.List;

/**
 * A {@code realtime.messages} record as the hub needs it.
 *
 * @param channels where to deliver
 * @param event the Pusher event name
 * @param data the event data as delivered (JSON text for object payloads)
 * @param occurredAtMillis when the change happened, for the delivery-latency histogram
 * @param excludeSocketId a socket that must not receive it (the HTTP API's {@code socket_id}), or null
 * @param id the message's unique id ({@code RealtimeMessage.id}); a second record with the same id is
 *     the outbox's at-least-once resend and is not delivered again; null when the record has none
 */
public record RealtimeRecord(
        List<String> channels, String event, String data, long occurredAtMillis, String excludeSocketId, String id) {}
