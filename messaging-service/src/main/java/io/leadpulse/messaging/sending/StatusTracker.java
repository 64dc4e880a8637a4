package io.leadpulse.messaging.sending;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Applies provider status reports (Twilio's status callbacks) to messages, forward only. */
@Service
public class StatusTracker {

    private static final Logger log = LoggerFactory.getLogger(StatusTracker.class);

    public enum Outcome {
        APPLIED,
        /** Nothing new: a duplicate, or older than what the message already says. */
        STALE,
        /** No message has this sid (yet): the caller keeps the report and tries again. */
        UNKNOWN_SID,
        /** A status value we do not know. */
        IGNORED
    }

    private final MessageRepository messages;
    private final MessageEvents events;
    private final Suppressions suppressions;
    private final MeterRegistry meters;

    StatusTracker(MessageRepository messages, MessageEvents events, Suppressions suppressions, MeterRegistry meters) {
        this.messages = messages;
        this.events = events;
        this.suppressions = suppressions;
        this.meters = meters;
    }

    /** Runs in the caller's transaction: the report's processed mark commits with its effect. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome apply(String sid, String twilioStatus, Integer errorCode, Instant at) {
        Optional<MessageStatus> next = MessageStatus.fromTwilio(twilioStatus);
        if (next.isEmpty()) {
            return Outcome.IGNORED;
        }
        Optional<Message> found = messages.lockBySid(sid);
        if (found.isEmpty()) {
            return Outcome.UNKNOWN_SID;
        }
        Message before = found.get();
        if (!before.status().canMoveTo(next.get())) {
            meters.counter("messaging.status.updates", "outcome", "stale").increment();
            return Outcome.STALE;
        }
        Message after = before.withStatus(
                next.get(), errorCode == null ? before.errorCode() : errorCode, before.errorMessage(), at);
        messages.setStatus(after.id(), after.status(), errorCode, null, at);
        events.statusChanged(before, after);
        if (errorCode != null && errorCode == MessageProvider.UNSUBSCRIBED_RECIPIENT) {
            suppressions.suppress(after.orgId(), after.leadId(), after.channel(), after.to(), "PROVIDER", at);
        }
        meters.counter(
                        "messaging.status.updates",
                        "outcome",
                        "applied",
                        "status",
                        after.status().wire())
                .increment();
        log.info(
                "message status: message={} sid={} {} -> {} errorCode={}",
                after.id(),
                sid,
                before.status().wire(),
                after.status().wire(),
                errorCode);
        return Outcome.APPLIED;
    }
}
