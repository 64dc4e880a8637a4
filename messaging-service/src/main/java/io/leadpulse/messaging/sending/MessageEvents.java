package io.leadpulse.messaging.sending;

import io.leadpulse.messaging.leads.LeadDirectory;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.DomainEvent;
import io.leadpulse.platform.events.MessagingEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Writes a message's domain event and its realtime message to the outbox, in the caller's
 * transaction. Realtime goes to the lead's channel and its assignee's user channel only (ADR 0005).
 */
@Component
public class MessageEvents {

    private final Outbox outbox;
    private final LeadDirectory leads;

    MessageEvents(Outbox outbox, LeadDirectory leads) {
        this.outbox = outbox;
        this.leads = leads;
    }

    void queued(Message m) {
        publish(
                m,
                new MessagingEvent.MessageQueued(
                        m.orgId(),
                        m.leadId(),
                        m.id(),
                        m.channel().name(),
                        m.body(),
                        m.sentBy(),
                        m.sendAfter(),
                        m.expiresAt(),
                        m.createdAt()),
                "message.queued");
    }

    void sent(Message m, Instant at) {
        publish(
                m,
                new MessagingEvent.MessageSent(
                        m.orgId(),
                        m.leadId(),
                        m.id(),
                        m.channel().name(),
                        m.providerSid(),
                        m.status().wire(),
                        at),
                "message.sent");
    }

    void statusChanged(Message before, Message after) {
        publish(
                after,
                new MessagingEvent.MessageStatusChanged(
                        after.orgId(),
                        after.leadId(),
                        after.id(),
                        after.channel().name(),
                        after.providerSid(),
                        before.status().wire(),
                        after.status().wire(),
                        after.errorCode(),
                        after.statusAt()),
                "message.status_changed");
    }

    void inbound(Message m, UUID assigneeId) {
        publish(
                m,
                new MessagingEvent.MessageInbound(
                        m.orgId(),
                        m.leadId(),
                        m.id(),
                        m.channel().name(),
                        m.providerSid(),
                        m.body(),
                        assigneeId,
                        m.createdAt()),
                "message.inbound");
    }

    void optedOut(UUID orgId, UUID leadId, Channel channel, String reason, Instant at) {
        MessagingEvent.ContactOptedOut event =
                new MessagingEvent.ContactOptedOut(orgId, leadId, channel.name(), reason, at);
        outbox.publish(event);
        if (leadId != null) {
            outbox.publish(RealtimeMessage.of(orgId, channels(orgId, leadId), "contact.opted_out", event));
        }
    }

    void optedIn(UUID orgId, UUID leadId, Channel channel, Instant at) {
        MessagingEvent.ContactOptedIn event = new MessagingEvent.ContactOptedIn(orgId, leadId, channel.name(), at);
        outbox.publish(event);
        outbox.publish(RealtimeMessage.of(orgId, channels(orgId, leadId), "contact.opted_in", event));
    }

    /** A fact about a lead's message (email engagement, bounces): the event, and realtime to the lead's and assignee's channels. */
    public void aboutLead(UUID orgId, UUID leadId, DomainEvent event, String name) {
        outbox.publish(event);
        outbox.publish(RealtimeMessage.of(orgId, channels(orgId, leadId), name, event));
    }

    private void publish(Message m, DomainEvent event, String name) {
        outbox.publish(event);
        outbox.publish(RealtimeMessage.of(m.orgId(), channels(m.orgId(), m.leadId()), name, m));
    }

    private List<String> channels(UUID orgId, UUID leadId) {
        List<String> channels = new ArrayList<>();
        channels.add(RealtimeMessage.Channels.lead(leadId));
        leads.find(orgId, leadId)
                .map(lead -> lead.assigneeId())
                .ifPresent(assignee -> channels.add(RealtimeMessage.Channels.user(assignee)));
        return channels;
    }
}
