package io.leadpulse.enrichment.integrations.sync;

import io.leadpulse.enrichment.integrations.DataType;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Starts and stops a connection's syncs; runs in the caller's transaction (the connection's change). */
@Service
public class SyncSchedules {

    private final SyncStateRepository states;

    SyncSchedules(SyncStateRepository states) {
        this.states = states;
    }

    /** A new connection: each data type's first sync is due at once. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void start(UUID connectionId, UUID orgId, Instant now) {
        for (DataType type : DataType.values()) {
            states.create(connectionId, orgId, type, now);
        }
    }

    /** The connection needs re-authorisation or was disconnected: no schedule runs until it is connected again. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stop(UUID connectionId) {
        states.stop(connectionId, "stopped: the connection is not connected");
    }
}
