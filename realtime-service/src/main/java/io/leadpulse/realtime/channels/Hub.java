package io.leadpulse.realtime.channels;

import io.leadpulse.realtime.fanout.RealtimeRecord;
import io.leadpulse.realtime.history.Position;
import io.leadpulse.realtime.history.Streams;
import io.leadpulse.realtime.presence.ClusterBus;
import io.leadpulse.realtime.presence.ClusterEvent;
import io.leadpulse.realtime.protocol.ChannelName;
import io.leadpulse.realtime.protocol.CloseCodes;
import io.leadpulse.realtime.protocol.Frame;
import io.leadpulse.realtime.protocol.Frames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Owns every channel on this instance: subscribers, history, presence members. All of it is
 * touched by one thread only, fed by a lock-free queue, so fan-out takes no lock, and a resume (replay
 * then live) or a subscription's baseline position can never interleave with a message: either a
 * message is in the replay or it reaches the subscriber live, never neither.
 */
public final class Hub {

    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final int MAX_PENDING_RESUMES = 100;

    /** The hub's settings. */
    public record Settings(String instanceId, int historySize, long historyAgeMillis, long instanceTimeoutMillis) {}

    private final Settings settings;
    private final Frames frames;
    private final RealtimeMetrics metrics;
    private final ClusterBus cluster;
    private final DeliveryTracing tracing;
    private final LinkedTransferQueue<Runnable> tasks = new LinkedTransferQueue<>();
    private final AtomicInteger pendingRecords = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;

    // Hub thread only.
    private final Map<String, ChannelState> channels = new HashMap<>();
    private final Map<String, Long> instancesLastHeard = new HashMap<>();
    /** Instances taken for dead; one heard from again lost its members here and must announce them. */
    private final java.util.Set<String> deadInstances = new java.util.HashSet<>();
    /**
     * The ids of the most recent messages delivered, so a record the outbox sent twice (a crash
     * between its send and its "published" mark, ADR 0001) reaches sockets and history once.
     * Resends follow within seconds; the window covers far more than that at any realistic rate.
     */
    private final LinkedHashSet<String> recentIds = new LinkedHashSet<>();

    static final int RECENT_IDS = 50_000;

    private Streams streams = new Streams("none", new long[0], 0);

    public Hub(Settings settings, Frames frames, RealtimeMetrics metrics, ClusterBus cluster) {
        this(settings, frames, metrics, cluster, DeliveryTracing.NONE);
    }

    public Hub(Settings settings, Frames frames, RealtimeMetrics metrics, ClusterBus cluster, DeliveryTracing tracing) {
        this.tracing = tracing;
        this.settings = settings;
        this.frames = frames;
        this.metrics = metrics;
        this.cluster = cluster;
        this.thread = new Thread(this::run, "realtime-hub");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** Runs {@code task} on the hub thread. */
    public void submit(Runnable task) {
        tasks.add(task);
    }

    /** Records waiting for the hub; the Kafka reader slows down when this grows. */
    public int pendingRecords() {
        return pendingRecords.get();
    }

    public boolean isReady() {
        return ready;
    }

    public void stop() {
        running = false;
        submit(() -> {});
    }

    private void run() {
        while (running) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("hub task failed: {}", e.toString(), e);
            }
        }
    }

    // ---------------------------------------------------------------- stream of realtime.messages

    /**
     * The reader starts at {@code coverageStart}; history and positions are relative to it. A
     * restart (the lifecycle stopped and started again, sockets drained) begins from a clean slate.
     */
    public void start(String epoch, long[] coverageStart) {
        submit(() -> {
            channels.clear();
            ready = false;
            streams = new Streams(epoch, coverageStart, settings.historyAgeMillis());
            log.info(
                    "reading realtime.messages: epoch {}, {} partitions from {}", epoch, coverageStart.length, streams);
        });
    }

    /** The reader has caught up with what was in the topic at start; sockets are welcome now. */
    public void markReady() {
        submit(() -> {
            ready = true;
            log.info("realtime.messages caught up at {}; accepting connections", streams);
        });
    }

    /**
     * One record read from a partition; a null record (unreadable) still advances the position.
     * {@code traceparent} is the record's W3C header (null when untraced).
     */
    public record Inbound(int partition, long offset, RealtimeRecord record, String traceparent) {

        public Inbound(int partition, long offset, RealtimeRecord record) {
            this(partition, offset, record, null);
        }
    }

    public void onRecords(List<Inbound> records) {
        pendingRecords.addAndGet(records.size());
        submit(() -> {
            for (Inbound inbound : records) {
                deliver(inbound);
            }
            pendingRecords.addAndGet(-records.size());
        });
    }

    private void deliver(Inbound inbound) {
        streams.advance(inbound.partition(), inbound.offset());
        RealtimeRecord record = inbound.record();
        if (record == null) {
            return;
        }
        if (record.id() != null && !rememberDelivered(record.id())) {
            metrics.duplicateRecord();
            return;
        }
        String position = streams.encodedPosition();
        DeliveryTracing.Delivery delivery = tracing.start(inbound.traceparent(), record.event());
        int sockets = 0;
        for (String channel : record.channels()) {
            if (!ChannelName.isValid(channel)) {
                continue;
            }
            ChannelState state = channels.get(channel);
            if (state == null) {
                if (settings.historySize() == 0) {
                    continue;
                }
                state = newState(channel);
            }
            Frame frame =
                    frames.event(record.event(), channel, record.data(), position, null, record.occurredAtMillis());
            state.history.append(inbound.partition(), inbound.offset(), frame);
            for (Subscription subscription : state.subscribers.values()) {
                if (subscription.seen(inbound.partition(), inbound.offset())
                        || subscription.connection.socketId().equals(record.excludeSocketId())) {
                    continue;
                }
                Connection connection = subscription.connection;
                connection.send(connection.positionInData() ? frames.withPositionInData(frame) : frame);
                sockets++;
            }
        }
        delivery.end(sockets);
    }

    /** False when {@code id} was delivered recently: the record is a resend. */
    private boolean rememberDelivered(String id) {
        if (!recentIds.add(id)) {
            return false;
        }
        if (recentIds.size() > RECENT_IDS) {
            Iterator<String> eldest = recentIds.iterator();
            eldest.next();
            eldest.remove();
        }
        return true;
    }

    private ChannelState newState(String channel) {
        ChannelState state = new ChannelState(channel, streams.partitions(), settings.historySize());
        channels.put(channel, state);
        return state;
    }

    // ---------------------------------------------------------------- subscriptions

    /** A presence member as the subscriber's signed channel data names it. */
    public record Member(String userId, JsonNode userInfo) {}

    public void subscribe(Connection connection, String channel, Member member, Position resumeFrom) {
        submit(() -> doSubscribe(connection, channel, member, resumeFrom));
    }

    private void doSubscribe(Connection connection, String channel, Member member, Position resumeFrom) {
        if (connection.isClosed()) {
            return;
        }
        ChannelState state = channels.get(channel);
        if (state == null) {
            state = newState(channel);
        }
        if (connection.subscriptions.containsKey(channel)) {
            connection.send(frames.subscriptionSucceeded(
                    channel, state.presence == null ? null : state.presence.toJson(frames.json()), null));
            return;
        }
        Position from = resumeFrom != null ? resumeFrom : connection.pendingResumes.remove(channel);
        Subscription subscription = new Subscription(
                connection,
                member == null ? null : member.userId(),
                streams.position().next());
        boolean arrived = false;
        if (state.presence != null && member != null) {
            arrived = state.presence.add(member.userId(), member.userInfo(), connectionKey(connection));
            cluster.publish(new ClusterEvent(
                    ClusterEvent.Type.JOIN,
                    settings.instanceId(),
                    channel,
                    connection.socketId(),
                    member.userId(),
                    member.userInfo(),
                    null,
                    null));
        }
        connection.send(frames.subscriptionSucceeded(
                channel,
                state.presence == null ? null : state.presence.toJson(frames.json()),
                from == null ? streams.encodedPosition() : null));
        if (from != null) {
            replay(connection, state, subscription, from, null);
        }
        state.subscribers.put(connection, subscription);
        connection.subscriptions.put(channel, subscription);
        metrics.subscribed(state.type);
        if (arrived) {
            Frame added = frames.memberAdded(channel, member.userId(), member.userInfo());
            sendToAllBut(state, added, connection);
        }
    }

    /**
     * A client's {@code leadpulse:resume}: before subscribing it is kept for the subscription; after,
     * the messages between the position and the subscription's start are sent, then
     * {@code leadpulse:resumed}.
     */
    public void resume(Connection connection, String channel, Position from) {
        submit(() -> {
            if (connection.isClosed()) {
                return;
            }
            Subscription subscription = connection.subscriptions.get(channel);
            if (subscription == null) {
                if (connection.pendingResumes.size() < MAX_PENDING_RESUMES) {
                    connection.pendingResumes.put(channel, from);
                }
                return;
            }
            replay(connection, channels.get(channel), subscription, from, subscription.baseline);
        });
    }

    private void replay(
            Connection connection, ChannelState state, Subscription subscription, Position from, long[] below) {
        List<Frame> missed = streams.compatible(from) ? state.history.since(from, streams.ageFloor(), below) : null;
        String now = streams.encodedPosition();
        if (missed == null) {
            metrics.resynced();
            connection.send(frames.extension(
                    "leadpulse:resync",
                    state.name,
                    Map.of("reason", "history does not reach back to the position", "position", now)));
            return;
        }
        for (Frame frame : missed) {
            connection.send(connection.positionInData() ? frames.withPositionInData(frame) : frame);
        }
        long[] current = streams.position().next();
        for (int p = 0; p < current.length; p++) {
            if (from.next()[p] > current[p]) {
                subscription.skipBelow = from.next().clone();
                break;
            }
        }
        metrics.resumed();
        connection.send(
                frames.extension("leadpulse:resumed", state.name, Map.of("replayed", missed.size(), "position", now)));
    }

    public void unsubscribe(Connection connection, String channel) {
        submit(() -> doUnsubscribe(connection, channel));
    }

    private void doUnsubscribe(Connection connection, String channel) {
        Subscription subscription = connection.subscriptions.remove(channel);
        connection.pendingResumes.remove(channel);
        if (subscription == null) {
            return;
        }
        ChannelState state = channels.get(channel);
        if (state == null) {
            return;
        }
        state.subscribers.remove(connection);
        metrics.unsubscribed(state.type);
        if (state.presence != null && subscription.userId != null) {
            boolean left = state.presence.remove(subscription.userId, connectionKey(connection));
            cluster.publish(new ClusterEvent(
                    ClusterEvent.Type.LEAVE,
                    settings.instanceId(),
                    channel,
                    connection.socketId(),
                    subscription.userId,
                    null,
                    null,
                    null));
            if (left) {
                sendToAllBut(state, frames.memberRemoved(channel, subscription.userId), null);
            }
        }
        if (state.idle()) {
            channels.remove(channel);
        }
    }

    /** A socket went away: it leaves every channel. */
    public void disconnected(Connection connection) {
        submit(() -> {
            for (String channel : new ArrayList<>(connection.subscriptions.keySet())) {
                doUnsubscribe(connection, channel);
            }
            connection.pendingResumes.clear();
        });
    }

    // ---------------------------------------------------------------- client events

    public void clientEvent(Connection connection, String channel, String event, String data) {
        submit(() -> {
            Subscription subscription = connection.subscriptions.get(channel);
            if (subscription == null) {
                connection.send(
                        frames.error(CloseCodes.UNAUTHORIZED, "Client event rejected: not subscribed to " + channel));
                return;
            }
            metrics.received(RealtimeMetrics.Source.CLIENT);
            Frame frame = frames.event(event, channel, data, null, subscription.userId, 0);
            sendToAllBut(channels.get(channel), frame, connection);
            cluster.publish(new ClusterEvent(
                    ClusterEvent.Type.CLIENT_EVENT,
                    settings.instanceId(),
                    channel,
                    connection.socketId(),
                    subscription.userId,
                    null,
                    event,
                    data));
        });
    }

    // ---------------------------------------------------------------- the other instances

    public void onCluster(ClusterEvent event) {
        submit(() -> handleCluster(event));
    }

    private void handleCluster(ClusterEvent event) {
        if (settings.instanceId().equals(event.instance())) {
            return;
        }
        instancesLastHeard.put(event.instance(), System.currentTimeMillis());
        if (deadInstances.remove(event.instance())) {
            // It was only cut off (a network partition, a long pause): ask everyone for their members.
            log.warn(
                    "instance {} is back after being taken for dead; asking for presence members again",
                    event.instance());
            cluster.publish(ClusterEvent.hello(settings.instanceId()));
        }
        switch (event.type()) {
            case JOIN -> {
                if (event.channel() == null
                        || event.userId() == null
                        || ChannelName.typeOf(event.channel()) != ChannelName.Type.PRESENCE) {
                    return;
                }
                ChannelState state = channels.get(event.channel());
                if (state == null) {
                    state = newState(event.channel());
                }
                if (state.presence.add(event.userId(), event.userInfo(), event.instance() + "|" + event.socketId())) {
                    sendToAllBut(state, frames.memberAdded(event.channel(), event.userId(), event.userInfo()), null);
                }
            }
            case LEAVE -> {
                ChannelState state = event.channel() == null ? null : channels.get(event.channel());
                if (state == null || state.presence == null) {
                    return;
                }
                if (state.presence.remove(event.userId(), event.instance() + "|" + event.socketId())) {
                    sendToAllBut(state, frames.memberRemoved(event.channel(), event.userId()), null);
                }
                if (state.idle()) {
                    channels.remove(event.channel());
                }
            }
            case HELLO -> announceMembers();
            case HEARTBEAT -> {
                // Being heard is all a heartbeat says.
            }
            case CLIENT_EVENT -> {
                ChannelState state = event.channel() == null ? null : channels.get(event.channel());
                if (state != null && !state.subscribers.isEmpty()) {
                    Frame frame = frames.event(event.event(), event.channel(), event.data(), null, event.userId(), 0);
                    sendToAllBut(state, frame, null);
                }
            }
        }
    }

    /** A new instance has no idea who is here: tell it every local member again. */
    private void announceMembers() {
        for (ChannelState state : channels.values()) {
            if (state.presence == null) {
                continue;
            }
            for (Subscription subscription : state.subscribers.values()) {
                if (subscription.userId == null) {
                    continue;
                }
                JsonNode info = state.presence.info(subscription.userId);
                cluster.publish(new ClusterEvent(
                        ClusterEvent.Type.JOIN,
                        settings.instanceId(),
                        state.name,
                        subscription.connection.socketId(),
                        subscription.userId,
                        info,
                        null,
                        null));
            }
        }
    }

    // ---------------------------------------------------------------- housekeeping

    /** Once a second: moves the history age floor, drops old history, and forgets dead instances. */
    public void tick() {
        submit(() -> {
            long now = System.currentTimeMillis();
            streams.sample(now);
            long[] floor = streams.ageFloor();
            Iterator<ChannelState> states = channels.values().iterator();
            while (states.hasNext()) {
                ChannelState state = states.next();
                state.history.expire(floor);
                if (state.idle()) {
                    states.remove();
                }
            }
            Iterator<Map.Entry<String, Long>> instances =
                    instancesLastHeard.entrySet().iterator();
            while (instances.hasNext()) {
                Map.Entry<String, Long> instance = instances.next();
                if (now - instance.getValue() > settings.instanceTimeoutMillis()) {
                    instances.remove();
                    deadInstances.add(instance.getKey());
                    removeInstance(instance.getKey());
                }
            }
        });
    }

    private void removeInstance(String instance) {
        int removed = 0;
        for (ChannelState state : new ArrayList<>(channels.values())) {
            if (state.presence == null) {
                continue;
            }
            for (String userId : state.presence.removeInstance(instance)) {
                removed++;
                sendToAllBut(state, frames.memberRemoved(state.name, userId), null);
            }
            if (state.idle()) {
                channels.remove(state.name);
            }
        }
        log.warn("instance {} went silent; removed {} presence members it held", instance, removed);
    }

    private void sendToAllBut(ChannelState state, Frame frame, Connection except) {
        for (Connection connection : state.subscribers.keySet()) {
            if (connection != except) {
                connection.send(frame);
            }
        }
    }

    private String connectionKey(Connection connection) {
        return settings.instanceId() + "|" + connection.socketId();
    }
}
