package io.leadpulse.platform.eventing.worker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs a drain (a loop over the work that is due) when woken. {@link #wake()} is cheap, safe
 * from any thread and coalesces: a wake that arrives while a drain is queued adds nothing, one that arrives during a
 * drain queues one more, so work stored meanwhile is not left for the next poll. A store wakes it as soon as a row
 * is committed; its owner also wakes it on a fixed delay, for retries that come due and for rows another instance
 * stored.
 */
public final class Drainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Drainer.class);

    private final String name;
    private final Runnable drain;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService thread;

    public Drainer(String name, Runnable drain) {
        this.name = name;
        this.drain = drain;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks for a drain soon. */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (RejectedExecutionException e) {
                queued.set(false); // closed: the application is stopping
            }
        }
    }

    private void run() {
        queued.set(false);
        try {
            drain.run();
        } catch (RuntimeException e) {
            log.warn("{} round failed; the next wake retries: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
