package io.leadpulse.realtime.channels;

import io.leadpulse.realtime.history.Position;
import io.leadpulse.realtime.protocol.CloseCodes;
import io.leadpulse.realtime.protocol.Frame;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket. Outbound frames go through a byte-bounded queue: when a client reads slower
 * than its channels produce and the queue passes {@code max-outbound-bytes}, the connection is
 * closed with 4100 (the client backs off, reconnects and resumes) instead of frames being dropped.
 */
public final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final String socketId;
    private final Transport transport;
    private final RealtimeMetrics metrics;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile long pingSentNanos;
    private volatile boolean positionInData;

    // Touched only by the socket's inbound thread (one event loop per socket).
    private long rateWindowStartNanos;
    private int rateWindowCount;

    // Touched only by the hub thread.
    final Map<String, Subscription> subscriptions = new HashMap<>();
    final Map<String, Position> pendingResumes = new HashMap<>();

    public Connection(String socketId, Transport transport, RealtimeMetrics metrics, long maxQueuedBytes) {
        this.socketId = socketId;
        this.transport = transport;
        this.metrics = metrics;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public String socketId() {
        return socketId;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Queues a frame; never blocks. False when the connection is closed or has just been closed as slow. */
    public boolean send(Frame frame) {
        if (closed.get()) {
            return false;
        }
        long queued = queuedBytes.addAndGet(frame.size());
        if (queued > maxQueuedBytes) {
            metrics.slowConsumerDisconnected();
            log.info(
                    "slow consumer disconnected with 4100: socket_id={} queued_bytes={} limit={}",
                    socketId,
                    queued,
                    maxQueuedBytes);
            abort(CloseCodes.OVER_CAPACITY, "Over capacity: the client reads too slowly, reconnect and resume");
            return false;
        }
        transport.emit(frame);
        return true;
    }

    /** Called by the transport once a frame has left the queue: written to the socket, or dropped as it closed. */
    public void written(Frame frame, boolean delivered) {
        queuedBytes.addAndGet(-frame.size());
        if (delivered) {
            metrics.written(frame);
        }
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Sends {@code pusher:error} and closes after what is queued has been written. */
    public void close(int code, String reason, Frame errorFrame) {
        if (errorFrame != null && !closed.get()) {
            transport.emit(errorFrame);
        }
        if (closed.compareAndSet(false, true)) {
            metrics.closed(code);
            transport.close(code, reason, true);
        }
    }

    /** Closes at once, dropping what is queued. */
    public void abort(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            metrics.closed(code);
            transport.close(code, reason, false);
        }
    }

    /** Whether this client asked for positions inside object data (pusher-js cannot see top-level fields). */
    boolean positionInData() {
        return positionInData;
    }

    void positionInData(boolean wanted) {
        positionInData = wanted;
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    long pingSentNanos() {
        return pingSentNanos;
    }

    void pinged(long nanos) {
        pingSentNanos = nanos;
    }

    /** Counts a client event; false when the connection is over its per-second allowance. */
    boolean allowClientEvent(int perSecond) {
        long now = System.nanoTime();
        if (now - rateWindowStartNanos >= 1_000_000_000L) {
            rateWindowStartNanos = now;
            rateWindowCount = 0;
        }
        return ++rateWindowCount <= perSecond;
    }
}
