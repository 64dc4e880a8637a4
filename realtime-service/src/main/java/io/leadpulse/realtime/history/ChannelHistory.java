package io.leadpulse.realtime.history;

import io.leadpulse.realtime.protocol.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent messages of one channel, bounded in count and (through {@link Streams#ageFloor}) in
 * age, with what was dropped remembered per partition so a resume can tell a gap from no messages.
 * Owned by the hub thread; not thread-safe.
 */
public final class ChannelHistory {

    private record Entry(int partition, long offset, Frame frame) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /** Per partition: the offset from which this channel's entries are all still here (size evictions). */
    private final long[] evictedBelow;

    private final int maxSize;

    public ChannelHistory(int partitions, int maxSize) {
        this.evictedBelow = new long[partitions];
        this.maxSize = maxSize;
    }

    public void append(int partition, long offset, Frame frame) {
        entries.addLast(new Entry(partition, offset, frame));
        while (entries.size() > maxSize) {
            Entry dropped = entries.removeFirst();
            if (dropped.partition < evictedBelow.length) {
                evictedBelow[dropped.partition] = Math.max(evictedBelow[dropped.partition], dropped.offset + 1);
            }
        }
    }

    /** Drops entries older than the streams' age floor; they are gone for every channel alike. */
    public void expire(long[] ageFloor) {
        while (!entries.isEmpty()) {
            Entry head = entries.peekFirst();
            if (head.partition < ageFloor.length && head.offset < ageFloor[head.partition]) {
                entries.removeFirst();
            } else {
                return;
            }
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /**
     * What a client at {@code from} has missed, in order, or null when some of it is gone.
     *
     * @param ageFloor per partition, the offset below which history may be gone for any channel
     * @param below per partition, where the client's live stream began (null: no bound); entries from
     *     there on already reached it
     */
    public List<Frame> since(Position from, long[] ageFloor, long[] below) {
        if (maxSize == 0 || from.next().length != ageFloor.length) {
            return null;
        }
        for (int p = 0; p < ageFloor.length; p++) {
            long complete = Math.max(ageFloor[p], evictedBelow[p]);
            if (from.next()[p] < complete) {
                return null;
            }
        }
        List<Frame> missed = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.offset >= from.next()[entry.partition]
                    && (below == null || entry.offset < below[entry.partition])) {
                missed.add(entry.frame);
            }
        }
        return missed;
    }
}
