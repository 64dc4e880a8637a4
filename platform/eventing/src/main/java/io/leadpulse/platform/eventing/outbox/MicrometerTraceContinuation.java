package io.leadpulse.platform.eventing.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import java.util.function.Supplier;

/** {@link TraceContinuation} through Micrometer Tracing's W3C propagator. */
class MicrometerTraceContinuation implements TraceContinuation {

    private final Tracer tracer;
    private final Propagator propagator;

    MicrometerTraceContinuation(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public <T> T continueTrace(String traceparent, String spanName, Supplier<T> work) {
        if (traceparent == null || traceparent.isBlank()) {
            return work.get();
        }
        Span span = propagator
                .extract(Map.of("traceparent", traceparent), Map::get)
                .name(spanName)
                .kind(Span.Kind.CONSUMER)
                .start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
