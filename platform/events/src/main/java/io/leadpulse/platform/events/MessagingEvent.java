package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What messaging-service tells the other services about the messages exchanged with leads, keyed
 * by the lead id so one lead's conversation stays in order (by the organisation when no lead is
 * known). Channels are {@code SMS}, {@code WHATSAPP} and {@code EMAIL}; statuses are Twilio's
 * lower-case names ({@code queued, sending, sent, delivered, undelivered, failed, read}) plus
 * {@code expired} (the validity period ran out before the message could go).
 */
@EventContext(topic = Topics.MESSAGING_EVENTS)
public sealed interface MessagingEvent extends DomainEvent {

    /** The lead the message belongs to; null only for facts about an address no lead has. */
    UUID leadId();

    @Override
    default String subject() {
        return leadId() == null ? orgId().toString() : leadId().toString();
    }

    /**
     * A message to a lead was accepted and waits in the durable send queue until {@code sendAfter}
     * (quiet hours, the sender's throughput); it expires at {@code expiresAt}.
     */
    @EventType("message.queued")
    record MessageQueued(
            UUID orgId,
            UUID leadId,
            UUID messageId,
            String channel,
            String body,
            UUID sentBy,
            Instant sendAfter,
            Instant expiresAt,
            Instant queuedAt)
            implements MessagingEvent {}

    /** The provider (Twilio, or the offline sandbox) took the message and gave it {@code providerSid}. */
    @EventType("message.sent")
    record MessageSent(
            UUID orgId, UUID leadId, UUID messageId, String channel, String providerSid, String status, Instant sentAt)
            implements MessagingEvent {}

    /**
     * The message moved forward in its life ({@code from} to {@code to}); {@code errorCode} is
     * Twilio's ErrorCode when the provider gave one (21610: the recipient opted out).
     */
    @EventType("message.status_changed")
    record MessageStatusChanged(
            UUID orgId,
            UUID leadId,
            UUID messageId,
            String channel,
            String providerSid,
            String from,
            String to,
            Integer errorCode,
            Instant changedAt)
            implements MessagingEvent {}

    /** A lead wrote to us; {@code assigneeId} is the lead's rep when the message arrived. */
    @EventType("message.inbound")
    record MessageInbound(
            UUID orgId,
            UUID leadId,
            UUID messageId,
            String channel,
            String providerSid,
            String body,
            UUID assigneeId,
            Instant receivedAt)
            implements MessagingEvent {}

    /**
     * An address may no longer be sent to by any of the organisation's senders.
     *
     * @param reason {@code KEYWORD} (the recipient wrote STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT) or {@code PROVIDER}
     *     (Twilio refused with 21610)
     */
    @EventType("contact.opted_out")
    record ContactOptedOut(UUID orgId, UUID leadId, String channel, String reason, Instant optedOutAt)
            implements MessagingEvent {}

    /** An address that had opted out may be written to again (the recipient wrote START, YES or UNSTOP). */
    @EventType("contact.opted_in")
    record ContactOptedIn(UUID orgId, UUID leadId, String channel, Instant optedInAt) implements MessagingEvent {}

    /** Someone read the conversation with a lead: its {@code unreadCount} inbound messages are read. */
    @EventType("conversation.read")
    record ConversationRead(
            UUID orgId, UUID leadId, UUID conversationId, String channel, int unreadCount, UUID readBy, Instant readAt)
            implements MessagingEvent {}

    /** A sequence step sent its message to the lead (queued: it then goes like any other message). */
    @EventType("sequence.step_sent")
    record SequenceStepSent(
            UUID orgId,
            UUID leadId,
            UUID sequenceId,
            UUID enrolmentId,
            int step,
            UUID messageId,
            String channel,
            Instant sentAt)
            implements MessagingEvent {}

    /**
     * A lead left a sequence: {@code reason} is {@code FINISHED} (every step sent), {@code REPLIED},
     * {@code OPTED_OUT}, {@code LEAD_WON}, {@code LEAD_PAID}, {@code LEAD_LOST}, {@code LEAD_DELETED},
     * {@code NO_ADDRESS} (the lead has no address on the step's channel) or {@code EMPTY_MESSAGE} (the
     * step's template renders empty for this lead).
     */
    @EventType("sequence.completed")
    record SequenceCompleted(
            UUID orgId,
            UUID leadId,
            UUID sequenceId,
            UUID enrolmentId,
            int stepsSent,
            String reason,
            Instant completedAt)
            implements MessagingEvent {}

    /**
     * A lead entered a sequence: {@code via} is {@code MANUAL} (someone enrolled it:
     * {@code enrolledBy}) or {@code RULE} (the sequence's enrolment rule matched the lead on
     * {@code lead.created}, {@code lead.updated} or {@code lead.status_changed}; {@code enrolledBy}
     * is the sequence's author). Its first step is due at {@code firstStepAt}.
     */
    @EventType("sequence.enrolled")
    record SequenceEnrolled(
            UUID orgId,
            UUID leadId,
            UUID sequenceId,
            UUID enrolmentId,
            String via,
            UUID enrolledBy,
            Instant firstStepAt,
            Instant enrolledAt)
            implements MessagingEvent {}

    /**
     * An email came back (a delivery status notification read from the bounce mailbox).
     * {@code kind} {@code HARD} (a 5.x.x status: the address is suppressed) or {@code SOFT} (4.x.x:
     * sent again at {@code retryAt}, null when the retry limit is reached); {@code statusCode} is the
     * DSN's ({@code 5.1.1}).
     */
    @EventType("email.bounced")
    record EmailBounced(
            UUID orgId, UUID leadId, UUID messageId, String kind, String statusCode, Instant retryAt, Instant bouncedAt)
            implements MessagingEvent {}

    /** The recipient reported an email as spam (an ARF feedback report); the address is suppressed for good. */
    @EventType("email.complained")
    record EmailComplained(UUID orgId, UUID leadId, UUID messageId, String feedbackType, Instant complainedAt)
            implements MessagingEvent {}

    /** The lead opened an email (its tracking pixel was fetched); once per message. */
    @EventType("email.opened")
    record EmailOpened(UUID orgId, UUID leadId, UUID messageId, Instant openedAt) implements MessagingEvent {}

    /** The lead followed a link of an email (its tracked redirect); once per message, with the first link followed. */
    @EventType("email.clicked")
    record EmailClicked(UUID orgId, UUID leadId, UUID messageId, String url, Instant clickedAt)
            implements MessagingEvent {}
}
