package io.leadpulse.realtime.history;

import java.util.Arrays;

/**
 * Where a channel's stream stands: for every partition of {@code realtime.messages}, the next
 * offset not yet seen, plus an epoch naming the topic incarnation. Encoded as
 * {@code <epoch>:<next0>,<next1>,...}. Every instance reads the same partitions, so a position
 * taken on one instance means the same on another. See ADR 8.
 */
public record Position(String epoch, long[] next) {

    public String encode() {
        StringBuilder out = new StringBuilder(epoch.length() + next.length * 8)
                .append(epoch)
                .append(':');
        for (int i = 0; i < next.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(next[i]);
        }
        return out.toString();
    }

    /** The position, or null when {@code text} is not one (a client's resume then gets a resync). */
    public static Position parse(String text) {
        if (text == null || text.length() > 512) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String[] parts = text.substring(colon + 1).split(",", -1);
        long[] next = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                next[i] = Long.parseLong(parts[i]);
                if (next[i] < 0) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new Position(text.substring(0, colon), next);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Position that && epoch.equals(that.epoch) && Arrays.equals(next, that.next);
    }

    @Override
    public int hashCode() {
        return epoch.hashCode() * 31 + Arrays.hashCode(next);
    }

    @Override
    public String toString() {
        return encode();
    }
}
