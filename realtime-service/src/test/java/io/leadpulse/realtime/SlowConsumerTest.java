package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client that stops reading fills its byte-bounded queue and is closed with 4100 (it will
 * reconnect and resume); nothing is dropped silently, and the clients that keep up get everything.
 */
class SlowConsumerTest extends RealtimeTestBase {

    @Autowired
    MeterRegistry meters;

    private double connections() {
        return meters.get("realtime.connections").gauge().value();
    }

    private static long bulkFrames(RawClient client) {
        return client.frames.stream()
                .filter(frame -> "bulk".equals(frame.get("event").asString()))
                .count();
    }

    @Test
    void closesAClientThatCannotKeepUpAndKeepsServingTheOthers() {
        String channel = "public-firehose-" + UUID.randomUUID();
        UUID org = UUID.randomUUID();
        double before = meters.counter("realtime.slow.consumer.disconnects").count();
        String payload = "x".repeat(8_000);
        int messages = 1_500;

        try (RawClient stalled = RawClient.connect(port, "/app/leadpulse-key?protocol=7", false);
                RawClient healthy = RawClient.established(port)) {
            stalled.send(subscribe(channel));
            healthy.send(subscribe(channel));
            healthy.awaitEvent("pusher_internal:subscription_succeeded", channel);
            double withBoth = connections();

            // In steps of 20 (about 160 KB, under the 256 KB bound) that the healthy client takes before the
            // next: it can never be a slow consumer, however busy the machine, while the stalled one takes
            // nothing and falls behind by the whole 12 MB.
            int step = 20;
            for (int i = 0; i < messages; i++) {
                publishAsync(message(org, channel, "bulk", Map.of("n", i, "pad", payload)));
                int published = i + 1;
                if (published % step == 0 || published == messages) {
                    flush();
                    await().atMost(Duration.ofSeconds(30)).until(() -> bulkFrames(healthy) == published);
                }
            }

            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            meters.counter("realtime.slow.consumer.disconnects").count() > before);
            // counted as the socket is aborted, just after the slow-consumer count
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> meters.counter("realtime.connections.closed", "code", "4100")
                                    .count()
                            >= 1);
            assertThat(healthy.closeCode).isNull();
            await().atMost(Duration.ofSeconds(30))
                    .alias("the stalled socket is gone from the server, not just muted")
                    .until(() -> connections() == withBoth - 1);
        }
    }
}
