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
 * One client socket. Outbound frames handed to the socket but not yet taken by the client are
 * bounded in bytes: when a client reads slower than its channels produce and they pass
 * {@code max-outbound-bytes}, the connection is closed with 4100 (the client backs off, reconnects
 * and resumes) instead of frames being dropped silently.
 */
public final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final String socketId;
    private final Transport transport;
    private final RealtimeMetrics metrics;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean cut = new AtomicBoolean();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile long pingSentNanos;
    // When the peer last took a frame, or when the queue last became non-empty: a queue that stays
    // non-empty this long past that is a stalled peer (PusherServer.checkActivity).
    private volatile long writeProgressNanos = System.nanoTime();
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

    /** Queues a frame for the socket's event loop; never blocks. False when the connection is closed. */
    public boolean send(Frame frame) {
        if (closed.get()) {
            return false;
        }
        transport.emit(frame);
        return true;
    }

    /**
     * Called by the transport on the socket's event loop as it hands a frame to the socket. False, and
     * the connection closed with 4100, when the client has not taken {@code max-outbound-bytes}
     * already handed to it: the frame is then dropped. Frames still waiting for the event loop do
     * not count, so a burst the server has not written yet never makes a client look slow.
     */
    public boolean admit(Frame frame) {
        long queued = queuedBytes.addAndGet(frame.size());
        if (queued == frame.size()) {
            writeProgressNanos = System.nanoTime();
        }
        if (queued <= maxQueuedBytes) {
            return true;
        }
        queuedBytes.addAndGet(-frame.size());
        if (!closed.get()) {
            metrics.slowConsumerDisconnected();
            log.info(
                    "slow consumer disconnected with 4100: socket_id={} queued_bytes={} limit={}",
                    socketId,
                    queued,
                    maxQueuedBytes);
            abort(CloseCodes.OVER_CAPACITY, "Over capacity: the client reads too slowly, reconnect and resume");
        }
        return false;
    }

    /** Called by the transport once an admitted frame has left: written to the socket, or dropped as it closed. */
    public void written(Frame frame, boolean delivered) {
        writeProgressNanos = System.nanoTime();
        queuedBytes.addAndGet(-frame.size());
        if (delivered) {
            metrics.written(frame);
        }
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * Closes at once, dropping what is queued, when frames have waited longer than {@code timeoutNanos}
     * with none taken by the peer: also a connection already closing, whose close frame waits behind
     * frames the peer will never take. True the first time only.
     */
    boolean cutIfStalled(long nowNanos, long timeoutNanos, int code, String reason) {
        if (queuedBytes.get() == 0
                || nowNanos - writeProgressNanos <= timeoutNanos
                || !cut.compareAndSet(false, true)) {
            return false;
        }
        if (closed.compareAndSet(false, true)) {
            metrics.closed(code);
        }
        transport.close(code, reason, false);
        return true;
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
