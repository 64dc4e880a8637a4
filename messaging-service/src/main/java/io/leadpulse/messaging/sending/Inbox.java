package io.leadpulse.messaging.sending;

import io.leadpulse.messaging.leads.LeadContact;
import io.leadpulse.messaging.leads.LeadDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Messages leads send us: stored on the lead that wrote, with {@code message.inbound} and realtime. */
@Service
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

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

    Inbox(MessageRepository messages, LeadDirectory leads, MessageEvents events, MeterRegistry meters) {
        this.messages = messages;
        this.leads = leads;
        this.events = events;
        this.meters = meters;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome receive(String sid, String from, String to, String body, Instant at) {
        if (messages.lockBySid(sid).isPresent()) {
            return Outcome.DUPLICATE;
        }
        Channel channel = from.startsWith("whatsapp:") ? Channel.WHATSAPP : Channel.SMS;
        String phone = channel == Channel.WHATSAPP ? from.substring("whatsapp:".length()) : from;
        Optional<LeadContact> lead = leads.byPhone(phone);
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
        meters.counter("messaging.messages.inbound", "outcome", "stored").increment();
        log.info(
                "inbound message: org={} lead={} message={} sid={}",
                contact.orgId(),
                contact.leadId(),
                message.id(),
                sid);
        return Outcome.STORED;
    }
}
