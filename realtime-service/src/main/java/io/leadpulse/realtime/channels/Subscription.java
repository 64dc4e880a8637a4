package io.leadpulse.realtime.channels;

/**
 * A connection's subscription to a channel. Owned by the hub thread.
 *
 * @param connection the subscriber
 * @param userId the presence member, or null
 * @param baseline the stream position when it subscribed: later messages reached it live
 */
final class Subscription {

    final Connection connection;
    final String userId;
    final long[] baseline;
    /** After a resume from a position this instance has not reached yet: live messages below it were seen. */
    long[] skipBelow;

    Subscription(Connection connection, String userId, long[] baseline) {
        this.connection = connection;
        this.userId = userId;
        this.baseline = baseline;
    }

    boolean seen(int partition, long offset) {
        return skipBelow != null && partition < skipBelow.length && offset < skipBelow[partition];
    }
}
