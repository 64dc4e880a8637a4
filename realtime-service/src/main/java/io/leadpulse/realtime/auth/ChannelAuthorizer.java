package io.leadpulse.realtime.auth;

import io.leadpulse.realtime.protocol.ChannelName;
import io.leadpulse.realtime.protocol.PusherSignatures;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs a subscription only for channels the caller may use (ADR 5): its own
 * {@code private-user-<id>}, its organisation's {@code private-org-<id>} and
 * {@code presence-org-<id>}, and {@code private-lead-<id>} for leads lead-service shows it.
 */
public final class ChannelAuthorizer {

    private static final Logger log = LoggerFactory.getLogger(ChannelAuthorizer.class);
    private static final String LEAD_PREFIX = "private-lead-";

    /** The answer for one channel. */
    public sealed interface Decision {
        /** 200: the auth string, and the presence channel data when there is one. */
        record Allowed(String auth, String channelData) implements Decision {}

        /** A refusal with its HTTP status (400 malformed, 403 not yours, 503 lead-service unreachable). */
        record Refused(int status, String detail) implements Decision {}
    }

    private final PusherSignatures signatures;
    private final LeadAccess leads;
    private final JsonMapper json;

    public ChannelAuthorizer(PusherSignatures signatures, LeadAccess leads, JsonMapper json) {
        this.signatures = signatures;
        this.leads = leads;
        this.json = json;
    }

    public Mono<Decision> authorize(Caller caller, String socketId, String channel) {
        if (!ChannelName.isValidSocketId(socketId)) {
            return Mono.just(new Decision.Refused(400, "socket_id must look like 1234.5678"));
        }
        if (!ChannelName.isValid(channel)) {
            return Mono.just(new Decision.Refused(400, "channel_name is not a valid channel name"));
        }
        if (channel.equals("private-user-" + caller.userId()) || channel.equals("private-org-" + caller.orgId())) {
            return Mono.just(sign(socketId, channel, null));
        }
        if (channel.equals("presence-org-" + caller.orgId())) {
            ObjectNode data = json.createObjectNode();
            data.put("user_id", caller.userId().toString());
            ObjectNode info = data.putObject("user_info");
            info.put("name", caller.name());
            info.put("role", caller.role());
            return Mono.just(sign(socketId, channel, json.writeValueAsString(data)));
        }
        UUID leadId = leadIdOf(channel);
        if (leadId != null) {
            return leads.maySee(leadId, caller.authorization())
                    .map(maySee -> maySee ? sign(socketId, channel, null) : denied(channel))
                    .onErrorResume(error -> {
                        log.warn("lead-service could not say whether lead {} is visible: {}", leadId, error.toString());
                        return Mono.just(new Decision.Refused(503, "Cannot check access to the lead now; retry"));
                    });
        }
        return Mono.just(denied(channel));
    }

    private Decision sign(String socketId, String channel, String channelData) {
        return new Decision.Allowed(signatures.channelAuth(socketId, channel, channelData), channelData);
    }

    private static Decision denied(String channel) {
        return new Decision.Refused(403, "You may not subscribe to " + channel);
    }

    private static UUID leadIdOf(String channel) {
        if (!channel.startsWith(LEAD_PREFIX)) {
            return null;
        }
        try {
            UUID id = UUID.fromString(channel.substring(LEAD_PREFIX.length()));
            // Only the canonical spelling: one lead, one channel name.
            return channel.equals(LEAD_PREFIX + id) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
