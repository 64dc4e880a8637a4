package io.leadpulse.messaging.sending;

import io.leadpulse.messaging.conversations.Conversations;
import io.leadpulse.messaging.leads.LeadContact;
import io.leadpulse.messaging.leads.LeadDirectory;
import io.leadpulse.messaging.settings.OrgSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Messages leads send us: stored on the lead that wrote, with {@code message.inbound} and realtime. */
@Service
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** Published in the receiving transaction: what the lead said stops its automations. */
    public record LeadReplied(UUID orgId, UUID leadId, Instant at) {}

    public enum Outcome {
        STORED,
        /** No lead has the sender's number: the webhook stays stored, nothing else happens. */
        UNMATCHED,
        DUPLICATE
    }

    private final MessageRepository messages;
    private final LeadDirectory leads;
    private final MessageEvents events;
    private final MeterRegistry meters;
    private final Suppressions suppressions;
    private final MessageService replies;
    private final OrgSettings orgSettings;
    private final Conversations conversations;
    private final ApplicationEventPublisher spring;

    Inbox(
            MessageRepository messages,
            LeadDirectory leads,
            MessageEvents events,
            MeterRegistry meters,
            Suppressions suppressions,
            MessageService replies,
            OrgSettings orgSettings,
            Conversations conversations,
            ApplicationEventPublisher spring) {
        this.messages = messages;
        this.leads = leads;
        this.events = events;
        this.meters = meters;
        this.suppressions = suppressions;
        this.replies = replies;
        this.orgSettings = orgSettings;
        this.conversations = conversations;
        this.spring = spring;
    }

    /** Twilio's default opt-out, opt-in and help keywords (the whole message, any case). */
    static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");

    static final Set<String> START = Set.of("START", "YES", "UNSTOP");
    static final Set<String> HELP = Set.of("HELP", "INFO");

    /** STOP and its synonyms suppress the number for every sender of the org; START lifts it; HELP is answered. */
    private void keyword(LeadContact contact, Channel channel, String from, String body, Instant at) {
        String word = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
        if (STOP.contains(word)) {
            suppressions.suppress(contact.orgId(), contact.leadId(), channel, from, "KEYWORD", at);
        } else if (START.contains(word)) {
            suppressions.lift(contact.orgId(), contact.leadId(), channel, from, at);
        } else if (HELP.contains(word)) {
            replies.reply(
                    contact, channel, from, orgSettings.of(contact.orgId()).helpReply());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome receive(String sid, String from, String to, String body, Instant at) {
        if (messages.lockBySid(sid).isPresent()) {
            return Outcome.DUPLICATE;
        }
        Channel channel = from.startsWith("whatsapp:") ? Channel.WHATSAPP : Channel.SMS;
        String phone = channel == Channel.WHATSAPP ? from.substring("whatsapp:".length()) : from;
        Optional<LeadContact> lead = leads.byPhone(phone, from, to);
        if (lead.isEmpty()) {
            meters.counter("messaging.messages.inbound", "outcome", "unmatched").increment();
            log.info("inbound message from an unknown number: sid={}", sid);
            return Outcome.UNMATCHED;
        }
        LeadContact contact = lead.get();
        Message message = new Message(
                UUID.randomUUID(),
                contact.orgId(),
                contact.leadId(),
                channel,
                Message.Direction.INBOUND,
                from,
                to,
                body,
                MessageStatus.RECEIVED,
                sid,
                null,
                null,
                null,
                0,
                at,
                at,
                null,
                at,
                null);
        messages.insert(message);
        events.inbound(message, contact.assigneeId());
        conversations.record(contact.orgId(), contact.leadId(), channel.name(), "INBOUND", body, at);
        meters.counter("messaging.messages.inbound", "outcome", "stored").increment();
        spring.publishEvent(new LeadReplied(contact.orgId(), contact.leadId(), at));
        keyword(contact, channel, from, body, at);
        log.info(
                "inbound message: org={} lead={} message={} sid={}",
                contact.orgId(),
                contact.leadId(),
                message.id(),
                sid);
        return Outcome.STORED;
    }
}
