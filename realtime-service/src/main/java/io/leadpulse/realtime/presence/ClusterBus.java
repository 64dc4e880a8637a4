package io.leadpulse.realtime.presence;

/** Sends {@link ClusterEvent}s to the other instances. */
public interface ClusterBus {

    void publish(ClusterEvent event);
}
