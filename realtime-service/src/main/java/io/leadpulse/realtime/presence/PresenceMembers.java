package io.leadpulse.realtime.presence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The members of one presence channel across every instance. A user is a member while at least
 * one of its connections (on any instance) is subscribed; connections are keyed
 * {@code <instance>|<socket id>}. Owned by the hub thread.
 */
public final class PresenceMembers {

    private record Member(JsonNode info, Set<String> connections) {}

    private final Map<String, Member> members = new LinkedHashMap<>();

    /** Adds a connection; true when it is the user's first, so others are told the user arrived. */
    public boolean add(String userId, JsonNode info, String connection) {
        Member member = members.computeIfAbsent(userId, id -> new Member(info, new HashSet<>()));
        boolean first = member.connections.isEmpty();
        member.connections.add(connection);
        return first;
    }

    /** Removes a connection; true when it was the user's last, so others are told the user left. */
    public boolean remove(String userId, String connection) {
        Member member = members.get(userId);
        if (member == null || !member.connections.remove(connection)) {
            return false;
        }
        if (member.connections.isEmpty()) {
            members.remove(userId);
            return true;
        }
        return false;
    }

    /** Removes every connection of a dead instance; returns the users who thereby left. */
    public List<String> removeInstance(String instance) {
        String prefix = instance + "|";
        List<String> left = new ArrayList<>();
        members.entrySet().removeIf(entry -> {
            entry.getValue().connections.removeIf(connection -> connection.startsWith(prefix));
            if (entry.getValue().connections.isEmpty()) {
                left.add(entry.getKey());
                return true;
            }
            return false;
        });
        return left;
    }

    public JsonNode info(String userId) {
        Member member = members.get(userId);
        return member == null ? null : member.info;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public int size() {
        return members.size();
    }

    /** The {@code presence} object of {@code subscription_succeeded}: ids, hash and count. */
    public ObjectNode toJson(JsonMapper json) {
        ObjectNode presence = json.createObjectNode();
        var ids = presence.putArray("ids");
        ObjectNode hash = presence.putObject("hash");
        members.forEach((id, member) -> {
            ids.add(id);
            hash.set(id, member.info);
        });
        presence.put("count", members.size());
        return presence;
    }
}
