package io.leadpulse.realtime.presence;

import tools.jackson.databind.JsonNode;

/**
 * What instances tell each other on {@code realtime.cluster}: presence joins and leaves, that they
 * are alive, that they just started (the others then announce their members again), and client
 * events to relay to sockets on other instances.
 *
 * @param type what happened
 * @param instance the instance that sent it
 * @param channel the channel of a join, leave or client event
 * @param socketId the connection of a join or leave
 * @param userId the member of a join or leave, or the sender of a client event on a presence channel
 * @param userInfo the member's {@code user_info} on a join
 * @param event a client event's name
 * @param data a client event's data as delivered
 */
public record ClusterEvent(
        Type type,
        String instance,
        String channel,
        String socketId,
        String userId,
        JsonNode userInfo,
        String event,
        String data) {

    public enum Type {
        JOIN,
        LEAVE,
        HEARTBEAT,
        HELLO,
        CLIENT_EVENT
    }

    public static ClusterEvent heartbeat(String instance) {
        return new ClusterEvent(Type.HEARTBEAT, instance, null, null, null, null, null, null);
    }

    public static ClusterEvent hello(String instance) {
        return new ClusterEvent(Type.HELLO, instance, null, null, null, null, null, null);
    }
}
