package io.leadpulse.messaging.webhooks;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.sending.Inbox;
import io.leadpulse.messaging.sending.StatusTracker;
import io.leadpulse.platform.eventing.outbox.TraceContinuation;
import io.leadpulse.platform.eventing.worker.Drainer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes stored Twilio webhooks, a round of due rows per transaction: each row is locked with
 * {@code FOR UPDATE SKIP LOCKED} (instances share the work), its effect and its processed mark
 * commit together. A status for a MessageSid we do not know yet (the callback beat our own
 * record of the send) is kept and tried again, and at once when the message gets that sid.
 * Woken by each stored webhook, so a reply reaches the rep without waiting for a poll, and on a
 * fixed delay for retries and for rows another instance stored.
 */
@Component
public class TwilioWebhookProcessor implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookProcessor.class);

    private final TwilioWebhookRepository webhooks;
    private final StatusTracker statuses;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final MessagingSettings.Webhooks settings;
    private final Clock clock;
    private final TraceContinuation traces;
    private final Drainer drainer = new Drainer("twilio-webhook-worker", this::drain);

    TwilioWebhookProcessor(
            TwilioWebhookRepository webhooks,
            StatusTracker statuses,
            Inbox inbox,
            TransactionTemplate transactions,
            MessagingSettings settings,
            Clock clock,
            TraceContinuation traces) {
        this.traces = traces;
        this.webhooks = webhooks;
        this.statuses = statuses;
        this.inbox = inbox;
        this.transactions = transactions;
        this.settings = settings.webhooks();
        this.clock = clock;
    }

    /** Asks for a round soon; cheap and safe to call from any thread, any number of times. */
    public void wake() {
        drainer.wake();
    }

    @Scheduled(fixedDelayString = "${messaging.webhooks.poll-interval}")
    void poll() {
        wake();
    }

    private void drain() {
        while (processDue() > 0) {
            // until nothing is due
        }
    }

    @Override
    public void destroy() {
        drainer.close();
    }

    /**
     * One round over what is due, in one transaction, so the commit and the round trips around it
     * are shared when webhooks arrive faster than they are processed. When the round fails, its rows
     * are processed again one per transaction, so only a row that fails on its own stays pending.
     * Answers how many rows it processed or rescheduled.
     */
    public int processDue() {
        List<Long> due = webhooks.due(clock.instant(), settings.batchSize());
        if (due.isEmpty()) {
            return 0;
        }
        try {
            Integer handled = transactions.execute(tx -> processAll(due));
            return handled == null ? 0 : handled;
        } catch (RuntimeException roundFailure) {
            log.warn(
                    "twilio webhook round failed, processing its rows one by one: rows={} cause={}",
                    due.size(),
                    roundFailure.toString());
            int handled = 0;
            for (long id : due) {
                handled += processAlone(id);
            }
            return handled;
        }
    }

    /**
     * One row in its own transaction. A row that fails even alone is set aside with a growing delay
     * (its outcome {@code error}), so it never holds up the rows stored after it.
     */
    private int processAlone(long id) {
        try {
            Integer one = transactions.execute(tx -> processAll(List.of(id)));
            return one == null ? 0 : one;
        } catch (RuntimeException e) {
            Instant next = transactions.execute(tx -> webhooks.failed(id, clock.instant()));
            log.error("twilio webhook failed, tried again at {}: id={} cause={}", next, id, e.toString());
            return 1;
        }
    }

    private int processAll(List<Long> ids) {
        int handled = 0;
        for (long id : ids) {
            if (process(id)) {
                handled++;
            }
        }
        return handled;
    }

    private boolean process(long id) {
        Optional<TwilioWebhookRepository.Stored> locked = webhooks.lockPending(id);
        if (locked.isEmpty()) {
            return false;
        }
        TwilioWebhookRepository.Stored row = locked.get();
        // In the trace of the request that delivered it: what this publishes carries that trace id on.
        return traces.continueTrace(row.traceparent(), "twilio.webhook.process", () -> apply(id, row));
    }

    private boolean apply(long id, TwilioWebhookRepository.Stored row) {
        Instant now = clock.instant();
        switch (row.kind()) {
            case INBOUND -> {
                Inbox.Outcome outcome = inbox.receive(
                        row.sid(),
                        row.params().get("From"),
                        row.params().get("To"),
                        row.params().get("Body"),
                        row.receivedAt());
                webhooks.processed(id, outcome.name().toLowerCase(), now);
            }
            case STATUS -> {
                StatusTracker.Outcome outcome =
                        statuses.apply(row.sid(), row.status(), errorCode(row), row.receivedAt());
                if (outcome == StatusTracker.Outcome.UNKNOWN_SID) {
                    if (row.receivedAt().plus(settings.unknownSidKeep()).isBefore(now)) {
                        webhooks.processed(id, "orphaned", now);
                        log.warn(
                                "status callback for a sid never seen, set aside: sid={} status={}",
                                row.sid(),
                                row.status());
                    } else {
                        webhooks.retryAt(id, "unknown_sid", now.plus(settings.unknownSidRetry()));
                    }
                } else {
                    webhooks.processed(id, outcome.name().toLowerCase(), now);
                }
            }
        }
        return true;
    }

    private static Integer errorCode(TwilioWebhookRepository.Stored row) {
        String code = row.params().get("ErrorCode");
        if (code == null || code.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(code.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
