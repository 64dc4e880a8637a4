package io.leadpulse.realtime.channels;

import io.leadpulse.realtime.history.ChannelHistory;
import io.leadpulse.realtime.presence.PresenceMembers;
import io.leadpulse.realtime.protocol.ChannelName;
import java.util.HashMap;
import java.util.Map;

/** One channel on this instance: its local subscribers, its history and its members. Hub thread only. */
final class ChannelState {

    final String name;
    final ChannelName.Type type;
    final Map<Connection, Subscription> subscribers = new HashMap<>();
    final ChannelHistory history;
    final PresenceMembers presence;

    ChannelState(String name, int partitions, int historySize) {
        this.name = name;
        this.type = ChannelName.typeOf(name);
        this.history = new ChannelHistory(partitions, historySize);
        this.presence = type == ChannelName.Type.PRESENCE ? new PresenceMembers() : null;
    }

    boolean idle() {
        return subscribers.isEmpty() && history.isEmpty() && (presence == null || presence.isEmpty());
    }
}
