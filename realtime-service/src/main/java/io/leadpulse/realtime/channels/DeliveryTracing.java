package io.leadpulse.realtime.channels;

/**
 * A span for each message the hub fans out, in the trace of the change that produced it: the
 * services' outbox puts the change's W3C traceparent on the Kafka record, so one trace id runs from
 * the request (a webhook, an API call) through the outbox and Kafka to the socket writes.
 */
public interface DeliveryTracing {

    /** Starts the delivery span of one record; {@code traceparent} may be null (untraced). */
    Delivery start(String traceparent, String event);

    /** An open delivery span. */
    interface Delivery {
        /** Ends it, with how many socket writes were queued for the message. */
        void end(int sockets);
    }

    DeliveryTracing NONE = (traceparent, event) -> sockets -> {};
}
