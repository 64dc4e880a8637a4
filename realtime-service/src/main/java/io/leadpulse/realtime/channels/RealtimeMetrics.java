package io.leadpulse.realtime.channels;

import io.leadpulse.realtime.protocol.ChannelName;
import io.leadpulse.realtime.protocol.Frame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The service's meters; every tag has a small fixed set of values. */
public final class RealtimeMetrics {

    public enum Source {
        KAFKA,
        HTTP_API,
        CLIENT
    }

    private final MeterRegistry registry;
    private final AtomicLong connections = new AtomicLong();
    private final Map<ChannelName.Type, AtomicLong> subscriptions = new EnumMap<>(ChannelName.Type.class);
    private final Map<Source, Counter> messagesIn = new EnumMap<>(Source.class);
    private final Counter messagesOut;
    private final Timer deliveryLatency;
    private final Counter resumesReplayed;
    private final Counter resumesResynced;
    private final Counter slowConsumers;
    private final Counter malformedRecords;
    private final Counter duplicateRecords;
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();

    public RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("realtime.connections", connections, AtomicLong::get)
                .description("Open WebSocket connections on this instance")
                .register(registry);
        for (ChannelName.Type type : ChannelName.Type.values()) {
            AtomicLong count = new AtomicLong();
            subscriptions.put(type, count);
            Gauge.builder("realtime.subscriptions", count, AtomicLong::get)
                    .description("Channel subscriptions on this instance")
                    .tag("type", type.tag())
                    .register(registry);
        }
        for (Source source : Source.values()) {
            messagesIn.put(
                    source,
                    Counter.builder("realtime.messages.in")
                            .description("Messages received for channels, by where they came from")
                            .tag("source", source.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry));
        }
        messagesOut = Counter.builder("realtime.messages.out")
                .description("Frames written to sockets")
                .register(registry);
        deliveryLatency = Timer.builder("realtime.delivery.latency")
                .description("From a message's occurredAt to its write to a socket")
                .publishPercentileHistogram()
                // exact bucket bounds for the delivery SLO and its burn-rate alerts (deploy/prometheus)
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        resumesReplayed = Counter.builder("realtime.resumes")
                .description("Resumes answered with the missed messages")
                .tag("outcome", "replayed")
                .register(registry);
        resumesResynced = Counter.builder("realtime.resumes")
                .description("Resumes answered with leadpulse:resync because history lacked the gap")
                .tag("outcome", "resync")
                .register(registry);
        slowConsumers = Counter.builder("realtime.slow.consumer.disconnects")
                .description("Connections closed with 4100 because their outbound queue was full")
                .register(registry);
        malformedRecords = Counter.builder("realtime.records.malformed")
                .description("realtime.messages records that could not be read and were skipped")
                .register(registry);
        duplicateRecords = Counter.builder("realtime.records.duplicate")
                .description(
                        "realtime.messages records whose message id was delivered recently (an outbox resend), not delivered again")
                .register(registry);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public long connections() {
        return connections.get();
    }

    void subscribed(ChannelName.Type type) {
        subscriptions.get(type).incrementAndGet();
    }

    void unsubscribed(ChannelName.Type type) {
        subscriptions.get(type).decrementAndGet();
    }

    public void received(Source source) {
        messagesIn.get(source).increment();
    }

    void written(Frame frame) {
        messagesOut.increment();
        if (frame.occurredAtMillis() > 0) {
            long latency = System.currentTimeMillis() - frame.occurredAtMillis();
            deliveryLatency.record(Math.max(0, latency), TimeUnit.MILLISECONDS);
        }
    }

    void resumed() {
        resumesReplayed.increment();
    }

    void resynced() {
        resumesResynced.increment();
    }

    void slowConsumerDisconnected() {
        slowConsumers.increment();
    }

    public void malformedRecord() {
        malformedRecords.increment();
    }

    void duplicateRecord() {
        duplicateRecords.increment();
    }

    /**
     * @param reason one of a fixed set: {@code signature}, {@code denied}, {@code unauthenticated},
     *     {@code http_api}
     */
    public void authFailed(String reason) {
        authFailures
                .computeIfAbsent(
                        reason,
                        r -> Counter.builder("realtime.auth.failures")
                                .description("Refused channel authorisations, subscriptions and HTTP API calls")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    void closed(int code) {
        closes.computeIfAbsent(
                        code,
                        c -> Counter.builder("realtime.connections.closed")
                                .description("Connections the server closed, by close code")
                                .tag("code", Integer.toString(c))
                                .register(registry))
                .increment();
    }
}
