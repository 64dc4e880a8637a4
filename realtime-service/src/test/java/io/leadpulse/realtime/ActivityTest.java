package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.realtime.channels.Connection;
import io.leadpulse.realtime.channels.Hub;
import io.leadpulse.realtime.channels.PusherServer;
import io.leadpulse.realtime.channels.RealtimeMetrics;
import io.leadpulse.realtime.channels.Transport;
import io.leadpulse.realtime.protocol.Frame;
import io.leadpulse.realtime.protocol.Frames;
import io.leadpulse.realtime.protocol.PusherSignatures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server pings a silent connection and closes it with 4201 when no pong comes back. */
class ActivityTest {

    private final Frames frames = new Frames(EventCodec.defaultMapper());
    private final RealtimeMetrics metrics = new RealtimeMetrics(new SimpleMeterRegistry());
    private final Hub hub = new Hub(new Hub.Settings("test", 10, 60_000, 15_000), frames, metrics, event -> {});
    private final PusherServer server = new PusherServer(
            new PusherServer.Settings("key", 1, 500, 10, 1 << 20, 20_000, 10_240, 10),
            hub,
            frames,
            new PusherSignatures("key", "secret"),
            metrics);

    @AfterEach
    void stop() {
        hub.stop();
    }

    @Test
    void pingsASilentConnectionAndClosesItWith4201WhenNoPongComes() {
        hub.start("e", new long[] {0});
        hub.markReady();
        await().until(hub::isReady);
        Recording silent = new Recording();
        Recording alive = new Recording();
        Connection quiet = server.open("key", "7", silent);
        Connection answering = server.open("key", "7", alive);

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    server.checkActivity();
                    if (alive.texts().contains(Frames.PING.text()) && alive.closedWith == null) {
                        server.onText(answering, "{\"event\":\"pusher:pong\",\"data\":{}}");
                    }
                    return silent.closedWith != null;
                });

        assertThat(silent.texts()).contains(Frames.PING.text());
        assertThat(silent.closedWith).isEqualTo(4201);
        assertThat(quiet.isClosed()).isTrue();
        assertThat(alive.closedWith).isNull();
        assertThat(answering.isClosed()).isFalse();
    }

    /** A transport that records what the server wrote. */
    private static final class Recording implements Transport {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        volatile Integer closedWith;

        @Override
        public void emit(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void close(int code, String reason, boolean flush) {
            closedWith = code;
        }

        List<String> texts() {
            return frames.stream().map(Frame::text).toList();
        }
    }
}
