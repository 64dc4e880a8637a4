package io.leadpulse.billing.subscriptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Ends trials whose time (by the service's {@code Clock}) is up; several instances share the rows. */
@Component
class TrialExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(TrialExpiryJob.class);
    private static final int BATCH = 200;

    private final Subscriptions subscriptions;

    TrialExpiryJob(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Scheduled(
            fixedDelayString = "${billing.plans.trial-check-interval:1m}",
            initialDelayString = "${billing.plans.trial-check-interval:1m}")
    void run() {
        try {
            int expired;
            do {
                expired = subscriptions.expireTrials(BATCH);
                if (expired > 0) {
                    log.info("trial expiry: {} trials ended", expired);
                }
            } while (expired == BATCH);
        } catch (RuntimeException e) {
            log.warn("trial expiry round failed: {}", e.toString());
        }
    }
}
