package io.leadpulse.messaging.sending;

import io.leadpulse.messaging.MessagingSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker that sends queued messages. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * several instances share the queue; a sending number's slot row enforces its throughput across
 * instances. The provider call happens outside any transaction: a claimed row carries
 * {@code claimed_at}, and a claim nobody answered within {@code sending-timeout} (the instance died
 * during the call) fails rather than risks a second send (docs/adr/0009).
 */
@Component
public class SendQueue {

    private static final Logger log = LoggerFactory.getLogger(SendQueue.class);

    private final MessageRepository messages;
    private final MessageEvents events;
    private final Suppressions suppressions;
    private final List<MessageProvider> providers;
    private final TransactionTemplate transactions;
    private final MessagingSettings.Sending settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final List<DailyCap> caps;

    SendQueue(
            MessageRepository messages,
            MessageEvents events,
            Suppressions suppressions,
            List<MessageProvider> providers,
            TransactionTemplate transactions,
            MessagingSettings settings,
            Clock clock,
            MeterRegistry meters,
            List<DailyCap> caps) {
        this.caps = List.copyOf(caps);
        this.messages = messages;
        this.events = events;
        this.suppressions = suppressions;
        this.providers = List.copyOf(providers);
        this.transactions = transactions;
        this.settings = settings.sending();
        this.clock = clock;
        this.meters = meters;
    }

    @Scheduled(fixedDelayString = "${messaging.sending.poll-interval}")
    void poll() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            log.warn("send round failed; the next round retries: {}", e.toString());
        }
    }

    /** One round: expire, defer or claim what is due, then hand the claimed messages to the provider. */
    public int dispatchDue() {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> failAbandoned(now));
        List<Message> claimed = transactions.execute(tx -> claimDue(now));
        for (Message message : claimed) {
            deliver(message);
        }
        return claimed.size();
    }

    private List<Message> claimDue(Instant now) {
        List<Message> claimed = new ArrayList<>();
        for (Message m : messages.lockDue(now, settings.batchSize())) {
            if (m.expiresAt() != null && !now.isBefore(m.expiresAt())) {
                finish(m, MessageStatus.EXPIRED, null, "validity period ran out before it could be sent", now);
                continue;
            }
            Optional<String> suppressed = suppressions.reason(m.orgId(), m.to());
            if (suppressed.isPresent()) {
                finish(m, MessageStatus.FAILED, null, "recipient opted out (" + suppressed.get() + ")", now);
                continue;
            }
            Optional<Instant> capped = overCap(m, now);
            if (capped.isPresent()) {
                messages.deferKeepingValidity(m.id(), capped.get());
                meters.counter(
                                "messaging.messages.capped",
                                "channel",
                                m.channel().name())
                        .increment();
                log.info("message waits for its sender's next day: message={} until={}", m.id(), capped.get());
                continue;
            }
            Optional<Instant> busyUntil = messages.takeSlot(m.from(), now, settings.senderInterval());
            if (busyUntil.isPresent()) {
                messages.defer(m.id(), busyUntil.get());
                continue;
            }
            caps.forEach(cap -> cap.count(m.from(), m.channel(), now));
            messages.claim(m.id(), now);
            claimed.add(m);
        }
        return claimed;
    }

    private Optional<Instant> overCap(Message m, Instant now) {
        for (DailyCap cap : caps) {
            Optional<Instant> until = cap.reachedUntil(m.from(), m.channel(), now);
            if (until.isPresent()) {
                return until;
            }
        }
        return Optional.empty();
    }

    private void deliver(Message m) {
        Instant now = clock.instant();
        Duration left = m.expiresAt() == null ? null : Duration.between(now, m.expiresAt());
        MessageProvider provider = providerFor(m.channel());
        try {
            MessageProvider.Accepted accepted = provider.send(
                    new OutgoingMessage(m.id(), m.channel(), m.from(), m.to(), m.subject(), m.body(), left));
            transactions.executeWithoutResult(tx -> accepted(m, accepted, provider, clock.instant()));
            count(provider, "accepted");
        } catch (MessageProvider.Rejected e) {
            transactions.executeWithoutResult(tx -> {
                Instant at = clock.instant();
                finish(m, MessageStatus.FAILED, e.code(), e.getMessage(), at);
                if (e.code() != null && e.code() == MessageProvider.UNSUBSCRIBED_RECIPIENT) {
                    suppressions.suppress(m.orgId(), m.leadId(), m.channel(), m.to(), "PROVIDER", at);
                }
            });
            count(provider, "rejected");
        } catch (MessageProvider.Unavailable e) {
            transactions.executeWithoutResult(tx -> {
                Instant at = clock.instant();
                if (m.attempts() + 1 >= settings.maxAttempts()) {
                    finish(m, MessageStatus.FAILED, null, "provider unavailable: " + e.getMessage(), at);
                } else {
                    messages.release(m.id(), at.plus(settings.retryDelay()), "provider unavailable: " + e.getMessage());
                }
            });
            log.warn("provider unavailable: message={} attempt={} {}", m.id(), m.attempts() + 1, e.getMessage());
            count(provider, "unavailable");
        }
    }

    /** Records the provider's acceptance of {@code m}, the message as it was claimed; package-visible for its test. */
    void accepted(Message m, MessageProvider.Accepted accepted, MessageProvider provider, Instant at) {
        messages.setSid(m.id(), accepted.sid());
        // The row as it is now, not as it was claimed: during the provider call a bounce may already have
        // moved it to a final status, which the provider's answer must not move back.
        Message withSid = messages.lock(m.id()).orElse(m).withSid(accepted.sid());
        Message after = MessageStatus.fromTwilio(accepted.status())
                .filter(status -> withSid.status().canMoveTo(status))
                .map(status -> withSid.withStatus(status, null, null, at))
                .orElse(withSid);
        if (after.status() != withSid.status()) {
            messages.setStatus(m.id(), after.status(), null, null, at);
        }
        events.sent(after, at);
        int early = messages.wakeWebhooksFor(accepted.sid(), at);
        log.info(
                "message sent: message={} sid={} provider={} status={} earlyCallbacks={}",
                m.id(),
                accepted.sid(),
                provider.name(),
                after.status().wire(),
                early);
    }

    private void failAbandoned(Instant now) {
        for (Message m : messages.lockAbandoned(now.minus(settings.sendingTimeout()), settings.batchSize())) {
            finish(m, MessageStatus.FAILED, null, "outcome unknown: the sender stopped during the provider call", now);
        }
    }

    private void finish(Message m, MessageStatus status, Integer code, String why, Instant at) {
        messages.setStatus(m.id(), status, code, why, at);
        events.statusChanged(m, m.withStatus(status, code, why, at));
        log.info("message {}: message={} errorCode={} reason={}", status.wire(), m.id(), code, why);
    }

    private MessageProvider providerFor(Channel channel) {
        return providers.stream()
                .filter(p -> p.handles(channel))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no provider sends " + channel));
    }

    private void count(MessageProvider provider, String outcome) {
        meters.counter("messaging.messages.sent", "provider", provider.name(), "outcome", outcome)
                .increment();
    }
}
