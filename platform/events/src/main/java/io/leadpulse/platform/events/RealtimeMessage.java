package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A message a service asks realtime-service to deliver, written to the outbox in the same
 * transaction as the change it describes.
 *
 * @param id unique; clients use it to reconcile optimistic UI
 * @param orgId the tenant; realtime-service refuses channels outside it
 * @param channels Pusher channel names, for example {@code private-lead-<id>}
 * @param event the Pusher event name, for example {@code lead.created}
 * @param data JSON-serialisable payload delivered as the event's data
 * @param occurredAt when the change happened, for delivery-latency metrics
 */
public record RealtimeMessage(
        UUID id, UUID orgId, List<String> channels, String event, Object data, Instant occurredAt) {

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_\\-=@,.;]{1,164}");

    public RealtimeMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(occurredAt, "occurredAt");
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a realtime message needs at least one channel");
        }
        for (String channel : channels) {
            if (!CHANNEL.matcher(channel).matches()) {
                throw new IllegalArgumentException("invalid channel name: " + channel);
            }
        }
    }

    public static RealtimeMessage of(UUID orgId, List<String> channels, String event, Object data) {
        return new RealtimeMessage(UUID.randomUUID(), orgId, channels, event, data, Instant.now());
    }

    /** Channel names in one place, as ARCHITECTURE.md lists them. */
    public static final class Channels {
        private Channels() {}

        public static String user(UUID userId) {
            return "private-user-" + userId;
        }

        public static String org(UUID orgId) {
            return "private-org-" + orgId;
        }

        public static String lead(UUID leadId) {
            return "private-lead-" + leadId;
        }

        public static String presence(UUID orgId) {
            return "presence-org-" + orgId;
        }
    }
}
