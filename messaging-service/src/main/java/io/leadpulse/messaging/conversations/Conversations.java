package io.leadpulse.messaging.conversations;

import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.MessagingEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The inbox: one conversation per lead and channel, its unread count, and reading it. */
@Service
public class Conversations {

    private static final Logger log = LoggerFactory.getLogger(Conversations.class);
    private static final int PREVIEW = 160;

    private final ConversationRepository conversations;
    private final Outbox outbox;
    private final Clock clock;

    Conversations(ConversationRepository conversations, Outbox outbox, Clock clock) {
        this.conversations = conversations;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Page(List<Conversation> items, long unreadTotal) {}

    /** In the caller's transaction, with the message it records. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID orgId, UUID leadId, String channel, String direction, String body, Instant at) {
        String preview = body.length() > PREVIEW ? body.substring(0, PREVIEW - 1) + "…" : body;
        conversations.touch(orgId, leadId, channel, direction, preview, at);
    }

    /** A rep's conversations are those of the leads assigned to it; an admin's, the org's. */
    public Page list(CurrentUser user, String query, boolean unreadOnly, int limit) {
        UUID assignee = user.isAdmin() ? null : user.id();
        String q = query == null || query.isBlank() ? null : query.strip();
        return new Page(
                conversations.list(user.orgId(), assignee, q, unreadOnly, limit),
                conversations.unreadTotal(user.orgId(), assignee));
    }

    /**
     * Marks the conversation read: unread count to zero, {@code conversation.read} with a realtime
     * read receipt to the lead's channel and its assignee's, so every open screen clears its badge.
     */
    @Transactional
    public Optional<Conversation> markRead(CurrentUser user, UUID id) {
        Optional<Conversation> found = conversations
                .lock(user.orgId(), id)
                .filter(c -> user.isAdmin() || user.id().equals(c.assigneeId()));
        found.ifPresent(c -> {
            Instant now = clock.instant();
            conversations.markRead(c.id(), now);
            MessagingEvent.ConversationRead event = new MessagingEvent.ConversationRead(
                    c.orgId(), c.leadId(), c.id(), c.channel(), c.unreadCount(), user.id(), now);
            outbox.publish(event);
            List<String> channels = new ArrayList<>();
            channels.add(RealtimeMessage.Channels.lead(c.leadId()));
            if (c.assigneeId() != null) {
                channels.add(RealtimeMessage.Channels.user(c.assigneeId()));
            }
            if (!user.id().equals(c.assigneeId())) {
                channels.add(RealtimeMessage.Channels.user(user.id()));
            }
            outbox.publish(RealtimeMessage.of(c.orgId(), channels, "conversation.read", event));
            log.info(
                    "conversation read: org={} lead={} conversation={} by={}",
                    c.orgId(),
                    c.leadId(),
                    c.id(),
                    user.id());
        });
        return found.map(c -> new Conversation(
                c.id(),
                c.orgId(),
                c.leadId(),
                c.channel(),
                c.leadName(),
                c.company(),
                c.assigneeId(),
                c.lastMessageAt(),
                c.lastDirection(),
                c.lastPreview(),
                0,
                clock.instant()));
    }
}
