package io.leadpulse.enrichment.integrations.sync;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The nightly reconciliation (docs/adr/0022): every waiting sync walks its platform's whole list
 * again, without its cursor, and emits only the records whose content differs from what was last
 * emitted ({@code sync_record}'s hash): changes to records the cursor had already passed, and
 * anything a cursor gap skipped. The incremental cursor is kept and resumes after the walk.
 */
@Component
public class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final SyncStateRepository states;
    private final Clock clock;

    Reconciliation(SyncStateRepository states, Clock clock) {
        this.states = states;
        this.clock = clock;
    }

    @Scheduled(cron = "${enrichment.integrations.reconcile-cron}")
    @Transactional
    public int start() {
        int marked = states.startReconciliation(clock.instant());
        log.info("reconciliation started: syncs={}", marked);
        return marked;
    }
}
