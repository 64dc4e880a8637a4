package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.realtime.history.ChannelHistory;
import io.leadpulse.realtime.history.Position;
import io.leadpulse.realtime.history.Streams;
import io.leadpulse.realtime.protocol.Frame;
import org.junit.jupiter.api.Test;

/** History decides replay or resync; it must never claim a gap is complete. */
class HistoryTest {

    @Test
    void aPositionRoundTripsAndGarbageIsNotAPosition() {
        Position position = new Position("abcd1234", new long[] {12, 0, 7});

        assertThat(Position.parse(position.encode())).isEqualTo(position);
        assertThat(position.encode()).isEqualTo("abcd1234:12,0,7");
        assertThat(Position.parse("nonsense")).isNull();
        assertThat(Position.parse("e:1,x")).isNull();
        assertThat(Position.parse("e:-1")).isNull();
    }

    @Test
    void replaysEntriesAtOrAfterThePositionAcrossPartitions() {
        ChannelHistory history = new ChannelHistory(2, 10);
        history.append(0, 5, Frame.of("a"));
        history.append(1, 3, Frame.of("b"));
        history.append(0, 6, Frame.of("c"));

        assertThat(history.since(new Position("e", new long[] {6, 3}), new long[] {0, 0}, null))
                .extracting(Frame::text)
                .containsExactly("b", "c");
        assertThat(history.since(new Position("e", new long[] {7, 4}), new long[] {0, 0}, null))
                .isEmpty();
    }

    @Test
    void aPositionBeforeWhatSizeEvictionDroppedIsAGap() {
        ChannelHistory history = new ChannelHistory(1, 2);
        history.append(0, 1, Frame.of("a"));
        history.append(0, 2, Frame.of("b"));
        history.append(0, 3, Frame.of("c"));

        assertThat(history.since(new Position("e", new long[] {1}), new long[] {0}, null))
                .isNull();
        assertThat(history.since(new Position("e", new long[] {2}), new long[] {0}, null))
                .extracting(Frame::text)
                .containsExactly("b", "c");
    }

    @Test
    void theAgeFloorMovesWithSamplesAndMakesOlderPositionsGaps() {
        Streams streams = new Streams("e", new long[] {10}, 1_000);
        ChannelHistory history = new ChannelHistory(1, 100);
        streams.advance(0, 10);
        history.append(0, 10, Frame.of("old"));
        streams.sample(0);
        streams.advance(0, 11);
        history.append(0, 11, Frame.of("new"));
        streams.sample(1_500);
        history.expire(streams.ageFloor());

        assertThat(streams.ageFloor()).containsExactly(11);
        assertThat(history.since(new Position("e", new long[] {10}), streams.ageFloor(), null))
                .isNull();
        assertThat(history.since(new Position("e", new long[] {11}), streams.ageFloor(), null))
                .extracting(Frame::text)
                .containsExactly("new");
        assertThat(streams.compatible(new Position("other", new long[] {11}))).isFalse();
        assertThat(streams.compatible(new Position("e", new long[] {11, 0}))).isFalse();
    }
}
