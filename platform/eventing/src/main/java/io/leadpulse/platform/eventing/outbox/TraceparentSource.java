package io.leadpulse.platform.eventing.outbox;

/** The W3C traceparent of the work in progress, stored with each outbox row. */
@FunctionalInterface
public interface TraceparentSource {

    /** The current traceparent, or null outside a trace. */
    String current();

    TraceparentSource NONE = () -> null;
}
