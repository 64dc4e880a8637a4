package io.leadpulse.realtime.socket;

import io.leadpulse.realtime.protocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outbound writes of every socket on one Netty event loop, batched. Whoever emits a frame (the
 * hub thread, mostly) adds it to a lock-free queue and wakes the loop at most once per batch; the
 * loop then writes everything queued and flushes each socket it touched once. A broadcast to 10,000
 * sockets costs a handful of wake-ups instead of 10,000, and a burst of messages leaves each socket
 * in one system call instead of one per message.
 *
 * <p>A frame is also framed for the wire (WebSocket header and payload, in one direct buffer) once
 * per run and loop, and each socket gets a retained view of those bytes: no header encoding, buffer
 * allocation or copy per socket. Netty's WebSocket encoder passes such bytes through unchanged, in
 * order with the frames it encodes itself (close frames). No per-message compression is offered, so
 * an uncompressed frame is what every client expects.
 */
final class LoopWriter implements Runnable {

    private static final ConcurrentHashMap<EventLoop, LoopWriter> WRITERS = new ConcurrentHashMap<>();

    /** Writes at most this many frames before flushing and yielding the loop to its sockets' I/O. */
    private static final int MAX_WRITES_PER_RUN = 16_384;

    private record Pending(PusherSocket socket, Frame frame, Runnable action) {}

    private final EventLoop loop;
    private final Queue<Pending> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // Touched only on the loop.
    private final List<PusherSocket> touched = new ArrayList<>();
    private Frame wireFrame;
    private ByteBuf wireBytes;

    private LoopWriter(EventLoop loop) {
        this.loop = loop;
    }

    static LoopWriter of(EventLoop loop) {
        return WRITERS.computeIfAbsent(loop, LoopWriter::new);
    }

    /** Queues a frame for the socket; frames of one socket leave in the order they were queued. */
    void write(PusherSocket socket, Frame frame) {
        enqueue(new Pending(socket, frame, null));
    }

    /** Runs {@code action} on the loop after every frame queued before it has been written. */
    void after(PusherSocket socket, Runnable action) {
        enqueue(new Pending(socket, null, action));
    }

    private void enqueue(Pending pending) {
        queue.offer(pending);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        try {
            int writes = 0;
            Pending pending;
            while (writes < MAX_WRITES_PER_RUN && (pending = queue.poll()) != null) {
                PusherSocket socket = pending.socket();
                if (pending.frame() != null) {
                    socket.writeOnLoop(
                            pending.frame(), wire(pending.frame(), socket).retainedDuplicate());
                    writes++;
                    if (!socket.touched) {
                        socket.touched = true;
                        touched.add(socket);
                    }
                } else {
                    flush(socket);
                    pending.action().run();
                }
            }
        } finally {
            // Also when an action threw: the sockets written to are flushed, the shared bytes released and
            // what is left in the queue gets another run.
            for (PusherSocket socket : touched) {
                flush(socket);
            }
            touched.clear();
            if (wireBytes != null) {
                wireBytes.release();
                wireBytes = null;
                wireFrame = null;
            }
            if (!queue.isEmpty()) {
                loop.execute(this);
            }
        }
    }

    /** The frame's wire bytes, framed once per run: consecutive writes of one broadcast share them. */
    private ByteBuf wire(Frame frame, PusherSocket socket) {
        if (frame != wireFrame) {
            if (wireBytes != null) {
                wireBytes.release();
            }
            wireBytes = WebSocketWire.textFrame(socket.alloc(), frame.bytes());
            wireFrame = frame;
        }
        return wireBytes;
    }

    private static void flush(PusherSocket socket) {
        socket.touched = false;
        socket.flushOnLoop();
    }
}
