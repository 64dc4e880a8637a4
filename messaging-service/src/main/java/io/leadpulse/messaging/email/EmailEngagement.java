package io.leadpulse.messaging.email;

import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.Message;
import io.leadpulse.messaging.sending.MessageEvents;
import io.leadpulse.messaging.sending.MessageService;
import io.leadpulse.platform.events.MessagingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens and clicks of tracked emails: recorded once per (message, kind), with {@code email.opened}
 * or {@code email.clicked} (carrying the lead id, so the lead's timeline shows them) and realtime
 * to the lead's and assignee's channels, in one transaction.
 */
@Service
class EmailEngagement {

    private static final Logger log = LoggerFactory.getLogger(EmailEngagement.class);

    private final Tracking tracking;
    private final EmailTrackingRepository recorded;
    private final MessageService messages;
    private final MessageEvents events;
    private final Clock clock;
    private final MeterRegistry meters;

    EmailEngagement(
            Tracking tracking,
            EmailTrackingRepository recorded,
            MessageService messages,
            MessageEvents events,
            Clock clock,
            MeterRegistry meters) {
        this.tracking = tracking;
        this.recorded = recorded;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Records what the token says happened. Empty when the token is not one of ours (forged,
     * altered, or naming a message that does not exist): nothing is recorded and, for a click, no
     * redirect is given. For a click, the answer is the link to redirect to.
     */
    @Transactional
    public Optional<Tracking.Token> record(String token, Tracking.Kind expected) {
        Optional<Tracking.Token> verified = tracking.verify(token).filter(t -> t.kind() == expected);
        if (verified.isEmpty()) {
            meters.counter("messaging.email.tracking", "kind", "unknown", "result", "bad_token")
                    .increment();
            return Optional.empty();
        }
        Tracking.Token t = verified.get();
        Optional<Message> message = messages.lock(t.messageId()).filter(m -> m.channel() == Channel.EMAIL);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        Message m = message.get();
        Instant now = clock.instant();
        String kind = t.kind() == Tracking.Kind.OPEN ? "open" : "click";
        boolean first = recorded.first(m.id(), kind, t.url(), now);
        meters.counter("messaging.email.tracking", "kind", kind, "result", first ? "recorded" : "repeat")
                .increment();
        if (first) {
            if (t.kind() == Tracking.Kind.OPEN) {
                events.aboutLead(
                        m.orgId(),
                        m.leadId(),
                        new MessagingEvent.EmailOpened(m.orgId(), m.leadId(), m.id(), now),
                        "email.opened");
            } else {
                events.aboutLead(
                        m.orgId(),
                        m.leadId(),
                        new MessagingEvent.EmailClicked(m.orgId(), m.leadId(), m.id(), t.url(), now),
                        "email.clicked");
            }
            log.info("email {}: message={} lead={}", kind, m.id(), m.leadId());
        }
        return verified;
    }
}
