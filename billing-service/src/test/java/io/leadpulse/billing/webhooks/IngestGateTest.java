package io.leadpulse.billing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestGateTest {

    @Test
    void refusesBeyondItsSlotsAndAdmitsAgainOnceOneIsFree() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestGate gate = new IngestGate(2, Duration.ofMillis(20), meters);

        assertThat(gate.enter()).isTrue();
        assertThat(gate.enter()).isTrue();
        assertThat(gate.enter()).isFalse();
        gate.leave();
        assertThat(gate.enter()).isTrue();
        assertThat(meters.counter("billing.webhooks.received", "provider", "stripe", "result", "overloaded")
                        .count())
                .isEqualTo(1);
        assertThat(gate.retryAfterSeconds()).isEqualTo(1);
    }
}
