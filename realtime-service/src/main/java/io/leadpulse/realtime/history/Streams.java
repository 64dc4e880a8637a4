package io.leadpulse.realtime.history;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * This instance's view of {@code realtime.messages}: how far it has read each partition (the
 * current {@link Position}) and the age floor below which history is gone. The floor moves by
 * samples of the read position, so age eviction and resume decisions use the same offsets and can
 * never disagree. Owned by the hub thread.
 */
public final class Streams {

    private record Sample(long atMillis, long[] next) {}

    private final String epoch;
    private final long[] next;
    private final long[] ageFloor;
    private final long historyAgeMillis;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /**
     * @param coverageStart per partition, the first offset this instance read: nothing before it is
     *     known here
     */
    public Streams(String epoch, long[] coverageStart, long historyAgeMillis) {
        this.epoch = epoch;
        this.next = coverageStart.clone();
        this.ageFloor = coverageStart.clone();
        this.historyAgeMillis = historyAgeMillis;
    }

    public int partitions() {
        return next.length;
    }

    public String epoch() {
        return epoch;
    }

    public void advance(int partition, long offset) {
        if (partition < next.length && offset + 1 > next[partition]) {
            next[partition] = offset + 1;
        }
    }

    public Position position() {
        return new Position(epoch, next.clone());
    }

    public String encodedPosition() {
        return new Position(epoch, next).encode();
    }

    public long[] ageFloor() {
        return ageFloor;
    }

    /** Records the read position now and moves the age floor to what was read {@code history-age} ago. */
    public void sample(long nowMillis) {
        samples.addLast(new Sample(nowMillis, next.clone()));
        long cutoff = nowMillis - historyAgeMillis;
        Sample floor = null;
        while (!samples.isEmpty() && samples.peekFirst().atMillis <= cutoff) {
            floor = samples.removeFirst();
        }
        if (floor != null) {
            for (int p = 0; p < ageFloor.length; p++) {
                ageFloor[p] = Math.max(ageFloor[p], floor.next[p]);
            }
        }
    }

    /** Whether {@code position} names this topic incarnation and partition count. */
    public boolean compatible(Position position) {
        return position != null && epoch.equals(position.epoch()) && position.next().length == next.length;
    }

    @Override
    public String toString() {
        return epoch + ":" + Arrays.toString(next);
    }
}
