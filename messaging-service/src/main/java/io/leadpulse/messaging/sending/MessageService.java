package io.leadpulse.messaging.sending;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.conversations.Conversations;
import io.leadpulse.messaging.leads.LeadContact;
import io.leadpulse.messaging.leads.LeadDirectory;
import io.leadpulse.messaging.settings.OrgMessagingSettings;
import io.leadpulse.messaging.settings.OrgSettings;
import io.leadpulse.platform.web.security.CurrentUser;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Accepts messages to leads into the durable send queue, and answers what was said. */
@Service
public class MessageService {

    static final int MAX_BODY = 1600;
    private static final Logger log = LoggerFactory.getLogger(MessageService.class);

    private final MessageRepository messages;
    private final Suppressions suppressions;
    private final LeadDirectory leads;
    private final MessageEvents events;
    private final MessagingSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final OrgSettings orgSettings;
    private final Conversations conversations;

    MessageService(
            MessageRepository messages,
            Suppressions suppressions,
            LeadDirectory leads,
            MessageEvents events,
            MessagingSettings settings,
            Clock clock,
            MeterRegistry meters,
            OrgSettings orgSettings,
            Conversations conversations) {
        this.messages = messages;
        this.suppressions = suppressions;
        this.leads = leads;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.orgSettings = orgSettings;
        this.conversations = conversations;
    }

    /**
     * @param subject an email's subject (EMAIL only, required there)
     * @param body the text, or null when {@code template} is given
     * @param template text with {@code {{firstName}}}, {@code {{lastName}}}, {@code {{company}}}, {@code {{firstLine}}}
     * @param sendAt not before this time (null: now)
     * @param validity how long it may wait in the queue (null: the configured validity period)
     */
    public record NewMessage(
            UUID leadId,
            Channel channel,
            String subject,
            String body,
            String template,
            Instant sendAt,
            Duration validity) {}

    @Transactional
    public Message send(CurrentUser user, NewMessage request) {
        LeadContact lead = leads.visibleTo(user, request.leadId())
                .orElseThrow(() ->
                        new SendRejected(SendRejected.Reason.LEAD_NOT_FOUND, "leadId", "Lead " + request.leadId()));
        String body = body(request, lead);
        String to = address(request.channel(), lead);
        Optional<String> suppressed = suppressions.reason(lead.orgId(), to);
        if (suppressed.isPresent()) {
            throw new SendRejected(
                    SendRejected.Reason.SUPPRESSED,
                    "leadId",
                    "the lead's " + request.channel() + " address opted out (" + suppressed.get()
                            + "); nobody may send to it");
        }
        String subject = request.channel() == Channel.EMAIL ? subject(request) : null;
        return enqueue(lead, request.channel(), to, subject, body, user.id(), request.sendAt(), request.validity());
    }

    /**
     * A message an automation (a sequence step) sends to the lead's address on {@code channel}, on
     * behalf of {@code sentBy}; runs in the caller's transaction.
     *
     * @throws SendRejected when the lead has no such address or it opted out; the caller's
     *     transaction stays usable (the caller records why the automation stopped)
     */
    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SendRejected.class)
    public Message sendAutomated(LeadContact lead, Channel channel, String subject, String body, UUID sentBy) {
        String to = address(channel, lead);
        Optional<String> suppressed = suppressions.reason(lead.orgId(), to);
        if (suppressed.isPresent()) {
            throw new SendRejected(SendRejected.Reason.SUPPRESSED, "leadId", "the lead's address opted out");
        }
        if (body.isBlank() || body.length() > MAX_BODY) {
            throw new SendRejected(SendRejected.Reason.INVALID, "template", "renders empty or too long");
        }
        return enqueue(lead, channel, to, channel == Channel.EMAIL ? subject : null, body, sentBy, null, null);
    }

    /**
     * A reply the system sends on its own (the HELP answer) to the address that wrote; runs in the
     * caller's transaction. Suppressed addresses get nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Message> reply(LeadContact lead, Channel channel, String to, String body) {
        if (suppressions.reason(lead.orgId(), to).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(enqueue(lead, channel, to, null, body, null, null, null));
    }

    private Message enqueue(
            LeadContact lead,
            Channel channel,
            String to,
            String subject,
            String body,
            UUID sentBy,
            Instant sendAt,
            Duration requestedValidity) {
        Instant now = clock.instant();
        Instant sendAfter = sendAt == null || sendAt.isBefore(now) ? now : sendAt;
        if (channel != Channel.EMAIL) {
            OrgMessagingSettings org = orgSettings.of(lead.orgId());
            String phone = SuppressionRepository.key(to);
            sendAfter = QuietHours.nextAllowed(
                    sendAfter, QuietHours.zonesOf(lead, phone, org.timezone()), org.quietStart(), org.quietEnd());
        }
        Duration validity = requestedValidity == null ? settings.sending().validity() : requestedValidity;
        Message message = new Message(
                UUID.randomUUID(),
                lead.orgId(),
                lead.leadId(),
                channel,
                Message.Direction.OUTBOUND,
                from(channel),
                to,
                body,
                MessageStatus.QUEUED,
                null,
                null,
                null,
                sentBy,
                0,
                now,
                sendAfter,
                sendAfter.plus(validity),
                now,
                subject);
        messages.insert(message);
        events.queued(message);
        conversations.record(lead.orgId(), lead.leadId(), channel.name(), "OUTBOUND", body, now);
        meters.counter("messaging.messages.queued", "channel", channel.name()).increment();
        log.info(
                "message queued: org={} lead={} message={} channel={} sendAfter={}",
                message.orgId(),
                message.leadId(),
                message.id(),
                message.channel(),
                sendAfter);
        return message;
    }

    /** A message by id, for system work (bounces, tracking) that knows no user; locked until the transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Message> lock(UUID id) {
        return messages.lock(id);
    }

    /** Moves a sent message to a final failure ({@code undelivered}) with its event, if it may still move. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean undelivered(Message m, String why, Instant at) {
        if (!m.status().canMoveTo(MessageStatus.UNDELIVERED)) {
            return false;
        }
        messages.setStatus(m.id(), MessageStatus.UNDELIVERED, null, why, at);
        events.statusChanged(m, m.withStatus(MessageStatus.UNDELIVERED, null, why, at));
        return true;
    }

    /** How many soft bounces are behind this message (it is the n-th try of one email). */
    public int softBounces(UUID id) {
        return messages.softBounces(id);
    }

    /**
     * The same email again, not before {@code sendAt} (a soft bounce's retry), counting one more
     * soft bounce; empty when the lead is gone or the address is now suppressed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Message> resend(Message original, Instant sendAt) {
        Optional<LeadContact> lead = leads.find(original.orgId(), original.leadId());
        if (lead.isEmpty()
                || suppressions.reason(original.orgId(), original.to()).isPresent()) {
            return Optional.empty();
        }
        int bounces = messages.softBounces(original.id()) + 1;
        Message again = enqueue(
                lead.get(),
                original.channel(),
                original.to(),
                original.subject(),
                original.body(),
                original.sentBy(),
                sendAt,
                null);
        messages.setSoftBounces(again.id(), bounces);
        return Optional.of(again);
    }

    public Optional<Message> find(CurrentUser user, UUID id) {
        return messages.find(user.orgId(), id)
                .filter(m -> leads.visibleTo(user, m.leadId()).isPresent());
    }

    /** The lead's messages, newest first; empty when the caller may not see the lead. */
    public Optional<List<Message>> ofLead(CurrentUser user, UUID leadId, int limit) {
        return leads.visibleTo(user, leadId).map(lead -> messages.ofLead(user.orgId(), leadId, limit));
    }

    private static String subject(NewMessage request) {
        if (request.subject() == null || request.subject().isBlank()) {
            throw new SendRejected(SendRejected.Reason.INVALID, "subject", "an email needs a subject");
        }
        return request.subject().strip();
    }

    private String body(NewMessage request, LeadContact lead) {
        boolean hasBody = request.body() != null && !request.body().isBlank();
        boolean hasTemplate = request.template() != null && !request.template().isBlank();
        if (hasBody == hasTemplate) {
            throw new SendRejected(SendRejected.Reason.INVALID, "body", "give either body or template");
        }
        String body;
        if (hasTemplate) {
            Set<String> unknown = Templates.unknownFields(request.template());
            if (!unknown.isEmpty()) {
                throw new SendRejected(
                        SendRejected.Reason.INVALID, "template", "unknown field " + String.join(", ", unknown));
            }
            // A person sends now: a lead without its AI first line yet gets the configured fallback.
            body = Templates.render(
                    request.template(), lead, settings.sequences().firstLineFallback());
        } else {
            body = request.body().strip();
        }
        if (body.isEmpty()) {
            throw new SendRejected(SendRejected.Reason.INVALID, "template", "renders empty for this lead");
        }
        if (body.length() > MAX_BODY) {
            throw new SendRejected(SendRejected.Reason.INVALID, "body", "at most " + MAX_BODY + " characters");
        }
        return body;
    }

    private String from(Channel channel) {
        return switch (channel) {
            case SMS -> settings.twilio().smsFrom();
            case WHATSAPP -> "whatsapp:" + settings.twilio().whatsappFrom();
            case EMAIL -> settings.email().from();
        };
    }

    private static String address(Channel channel, LeadContact lead) {
        return switch (channel) {
            case SMS, WHATSAPP -> {
                if (lead.phone() == null || lead.phone().isBlank()) {
                    throw new SendRejected(SendRejected.Reason.INVALID, "channel", "the lead has no phone number");
                }
                yield channel == Channel.WHATSAPP ? "whatsapp:" + lead.phone() : lead.phone();
            }
            case EMAIL -> {
                if (lead.email() == null || lead.email().isBlank()) {
                    throw new SendRejected(SendRejected.Reason.INVALID, "channel", "the lead has no email address");
                }
                yield lead.email();
            }
        };
    }
}
