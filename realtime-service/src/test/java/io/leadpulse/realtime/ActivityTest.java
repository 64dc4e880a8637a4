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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server pings a silent connection and closes it with 4201 when no pong comes back, and cuts a
 * connection whose peer has taken no frame for the write timeout.
 */
class ActivityTest {

    private final Frames frames = new Frames(EventCodec.defaultMapper());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RealtimeMetrics metrics = new RealtimeMetrics(meters);
    private final Hub hub = new Hub(new Hub.Settings("test", 10, 60_000, 15_000), frames, metrics, event -> {});
    private final PusherServer server = pusherServer(1, 1 << 20, 60_000);

    /** A server on the shared hub with the settings a test varies; the others as in production. */
    private PusherServer pusherServer(int activityTimeoutSeconds, long maxOutboundBytes, long writeTimeoutMillis) {
        return new PusherServer(
                new PusherServer.Settings(
                        "key",
                        activityTimeoutSeconds,
                        500,
                        10,
                        maxOutboundBytes,
                        20_000,
                        10_240,
                        10,
                        writeTimeoutMillis),
                hub,
                frames,
                new PusherSignatures("key", "secret"),
                metrics);
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    @Test
    void pingsASilentConnectionAndClosesItWith4201WhenNoPongComes() {
        startHub();
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

    @Test
    void cutsAConnectionWhosePeerTakesNothingForTheWriteTimeoutAlsoWhenItIsClosing() {
        PusherServer patient = pusherServer(60, 1 << 20, 300);
        startHub();
        Recording stalled = new Recording();
        Recording reading = new Recording();
        Recording closing = new Recording();
        Connection stalledConnection = patient.open("key", "7", stalled);
        Connection readingConnection = patient.open("key", "7", reading);
        Connection closingConnection = patient.open("key", "7", closing);
        // pusher:connection_established is queued on each; the closing one is also told to go away,
        // its close frame behind what its peer never takes
        closingConnection.close(4009, "Connection is unauthorized", null);
        long started = System.nanoTime();

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    stalled.handOver(stalledConnection);
                    closing.handOver(closingConnection);
                    reading.handOver(readingConnection);
                    reading.takeAll(readingConnection);
                    patient.checkActivity();
                    return stalled.closedWith != null && closing.cut;
                });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(stalled.closedWith).isEqualTo(4100);
        assertThat(stalled.cut).isTrue();
        assertThat(stalledConnection.isClosed()).isTrue();
        assertThat(closing.closedWith).isEqualTo(4100);
        assertThat(closingConnection.isClosed()).isTrue();
        assertThat(reading.closedWith).isNull();
        assertThat(readingConnection.isClosed()).isFalse();
        assertThat(meters.counter("realtime.slow.consumer.disconnects").count()).isEqualTo(2);

        // counted once: the next rounds do not cut them again
        patient.checkActivity();
        assertThat(meters.counter("realtime.slow.consumer.disconnects").count()).isEqualTo(2);
    }

    private void startHub() {
        hub.start("e", new long[] {0});
        hub.markReady();
        await().until(hub::isReady);
    }

    @Test
    void closesWith4100AClientThatHasNotTakenMaxOutboundBytesAndNeverCountsFramesNotYetHandedOver() {
        PusherServer bounded = pusherServer(60, 4_096, 60_000);
        startHub();
        Recording slow = new Recording();
        Connection connection = bounded.open("key", "7", slow);
        Frame kilobyte = Frame.of("{\"event\":\"x\",\"data\":\"" + "a".repeat(1_000) + "\"}");

        // a burst the event loop has not handed over yet: queued for the loop, not counted
        for (int i = 0; i < 20; i++) {
            assertThat(connection.send(kilobyte)).isTrue();
        }
        assertThat(connection.isClosed()).isFalse();
        assertThat(connection.queuedBytes()).isZero();

        // handed over and never taken: connection_established and three kilobytes fit in 4,096 bytes
        slow.handOver(connection);
        assertThat(slow.admitted).isEqualTo(4);
        assertThat(connection.queuedBytes()).isLessThanOrEqualTo(4_096);
        assertThat(slow.closedWith).isEqualTo(4100);
        assertThat(slow.cut).isTrue();
        assertThat(connection.isClosed()).isTrue();
        assertThat(connection.send(kilobyte)).isFalse();
        assertThat(meters.counter("realtime.slow.consumer.disconnects").count()).isEqualTo(1);
    }

    /**
     * A transport that records what the server wrote; {@link #handOver} plays the event loop handing
     * frames to the socket, {@link #takeAll} the peer reading them.
     */
    private static final class Recording implements Transport {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        volatile Integer closedWith;
        /** Closed without flushing: what was queued dropped. */
        volatile boolean cut;

        private int handed;
        private int admitted;
        private final List<Frame> inSocket = new ArrayList<>();

        /** The event loop hands every frame emitted so far to the socket (admitted ones wait there). */
        void handOver(Connection connection) {
            while (handed < frames.size()) {
                Frame frame = frames.get(handed++);
                if (connection.admit(frame)) {
                    admitted++;
                    inSocket.add(frame);
                }
            }
        }

        /** The peer reads everything in the socket. */
        void takeAll(Connection connection) {
            inSocket.forEach(frame -> connection.written(frame, true));
            inSocket.clear();
        }

        @Override
        public void emit(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void close(int code, String reason, boolean flush) {
            closedWith = code;
            cut |= !flush;
        }

        List<String> texts() {
            return frames.stream().map(Frame::text).toList();
        }
    }
}
