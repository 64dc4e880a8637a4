package io.leadpulse.messaging.sending;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Addresses an organisation may no longer send to, from any of its senders. */
@Service
public class Suppressions {

    /** Published in the suppressing transaction: an opted-out lead's automations stop. */
    public record LeadOptedOut(UUID orgId, UUID leadId, Instant at) {}

    private static final Logger log = LoggerFactory.getLogger(Suppressions.class);

    private final SuppressionRepository repository;
    private final MessageEvents events;
    private final ApplicationEventPublisher spring;

    Suppressions(SuppressionRepository repository, MessageEvents events, ApplicationEventPublisher spring) {
        this.spring = spring;
        this.repository = repository;
        this.events = events;
    }

    /** In the caller's transaction, with its {@code contact.opted_out} event the first time. */
    public void suppress(UUID orgId, UUID leadId, Channel channel, String address, String reason, Instant at) {
        if (repository.suppress(orgId, address, reason, at)) {
            events.optedOut(orgId, leadId, channel, reason, at);
            if (leadId != null) {
                spring.publishEvent(new LeadOptedOut(orgId, leadId, at));
            }
            log.info("address suppressed: org={} lead={} reason={}", orgId, leadId, reason);
        }
    }

    /** START, YES, UNSTOP: the address may be written to again; with {@code contact.opted_in}. */
    public void lift(UUID orgId, UUID leadId, Channel channel, String address, Instant at) {
        if (repository.lift(orgId, address)) {
            events.optedIn(orgId, leadId, channel, at);
            log.info("address opted back in: org={} lead={}", orgId, leadId);
        }
    }

    public Optional<String> reason(UUID orgId, String address) {
        return repository.reason(orgId, address);
    }
}
