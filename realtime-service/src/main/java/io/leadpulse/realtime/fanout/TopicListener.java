package io.leadpulse.realtime.fanout;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread that reads a topic with a consumer of its own (manual assignment, no group)
 * for as long as the application runs: a failed consumer is closed and a new one made after 1 s;
 * {@link #stop()} wakes the consumer up and waits for the thread.
 */
abstract class TopicListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicListener.class);

    private final String threadName;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    TopicListener(String threadName) {
        this.threadName = threadName;
    }

    /** A fresh consumer for one round of reading. */
    abstract KafkaConsumer<String, String> newConsumer();

    /** Binds the consumer's metrics for as long as it lives (closed with it). */
    abstract KafkaClientMetrics instrument(KafkaConsumer<String, String> reader);

    /** Assigns, seeks and polls while {@link #running()}; returns or throws to start a new round. */
    abstract void read(KafkaConsumer<String, String> reader) throws InterruptedException;

    final boolean running() {
        return running;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> reader = newConsumer();
                    KafkaClientMetrics ignored = instrument(reader)) {
                consumer = reader;
                read(reader);
            } catch (WakeupException e) {
                // stop() woke the reader up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("{} failed, retrying in 1 s: {}", threadName, e.toString());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }
}
