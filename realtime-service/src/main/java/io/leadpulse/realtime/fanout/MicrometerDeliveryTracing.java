package io.leadpulse.realtime.fanout;

import io.leadpulse.realtime.channels.DeliveryTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;

/**
 * {@link DeliveryTracing} through Micrometer Tracing: a {@code realtime.deliver} span, child of the
 * record's traceparent, exported like every other span (OTLP when an endpoint is set). Untraced
 * records get no span.
 */
public class MicrometerDeliveryTracing implements DeliveryTracing {

    private final Propagator propagator;

    public MicrometerDeliveryTracing(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public Delivery start(String traceparent, String event) {
        if (traceparent == null || traceparent.isBlank()) {
            return sockets -> {};
        }
        Span span = propagator
                .extract(Map.of("traceparent", traceparent), Map::get)
                .name("realtime.deliver")
                .kind(Span.Kind.CONSUMER)
                .tag("realtime.event", event == null ? "-" : event)
                .start();
        return sockets ->
                span.tag("realtime.sockets", Integer.toString(sockets)).end();
    }
}
