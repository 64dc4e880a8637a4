package io.leadpulse.platform.eventing.outbox;

import java.util.function.Supplier;

/**
 * Continues a trace that was stored with a piece of work, so that work done later, from a store,
 * stays in the trace of the request that brought it in. A provider webhook, for example, is stored
 * with the traceparent of its request, and the worker processes it in a child span of that trace.
 * The events the worker publishes then carry the same trace id through the outbox, Kafka and on
 * to the socket delivery.
 */
@FunctionalInterface
public interface TraceContinuation {

    /**
     * Runs {@code work} in a new span named {@code spanName}, a child of {@code traceparent}; with
     * no traceparent (or no tracer), just runs it.
     */
    <T> T continueTrace(String traceparent, String spanName, Supplier<T> work);

    TraceContinuation NONE = new TraceContinuation() {
        @Override
        public <T> T continueTrace(String traceparent, String spanName, Supplier<T> work) {
            return work.get();
        }
    };
}
