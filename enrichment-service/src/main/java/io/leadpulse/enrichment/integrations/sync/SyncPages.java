package io.leadpulse.enrichment.integrations.sync;

import io.leadpulse.enrichment.integrations.DataType;
import io.leadpulse.enrichment.integrations.SyncPage;
import io.leadpulse.enrichment.integrations.SyncedRecord;
import io.leadpulse.enrichment.integrations.connections.Connection;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.IntegrationEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.RealtimeMessage.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Commits one page: the events of the records whose content differs from what was last emitted
 * for them, the new content hashes, the cursor's advance and a progress message, all in one
 * transaction. A crash before commit leaves the cursor before the page (it is fetched again, and
 * nothing of it was sent); after commit, the next fetch starts after it. A worker that lost its
 * claim writes nothing.
 */
@Service
class SyncPages {

    private final SyncStateRepository states;
    private final Outbox outbox;

    SyncPages(SyncStateRepository states, Outbox outbox) {
        this.states = states;
        this.outbox = outbox;
    }

    /** The claim went to another worker (the lease ran out, or the connection was stopped). */
    static final class LostClaim extends RuntimeException {
        LostClaim() {
            super("the sync's claim was lost", null, false, false);
        }
    }

    /** @return how many records were emitted (changed or new) */
    @Transactional(propagation = Propagation.MANDATORY)
    int commit(
            SyncState state,
            Connection connection,
            UUID worker,
            SyncPage page,
            Instant now,
            Instant leaseUntil,
            int runPages,
            int runRecords) {
        List<String> ids = page.records().stream().map(SyncedRecord::externalId).toList();
        Map<String, String> known = states.hashes(connection.id(), state.dataType(), ids);
        List<IntegrationEvent> events = new ArrayList<>();
        Map<String, String> emittedNow = new LinkedHashMap<>();
        for (SyncedRecord record : page.records()) {
            String hash = hash(record);
            if (hash.equals(known.get(record.externalId())) || hash.equals(emittedNow.get(record.externalId()))) {
                continue;
            }
            events.add(event(connection, state.dataType(), record, hash));
            states.recordEmitted(connection.id(), state.dataType(), record.externalId(), hash, record.updatedAt(), now);
            emittedNow.put(record.externalId(), hash);
        }
        outbox.publishAll(events);
        if (!states.pageCommitted(
                state, worker, page.nextCursor(), page.records().size(), now, leaseUntil)) {
            throw new LostClaim();
        }
        outbox.publish(progress(state, connection, "RUNNING", runPages, runRecords, events.size()));
        return events.size();
    }

    /** The walk reached the list's end. */
    @Transactional(propagation = Propagation.MANDATORY)
    void complete(
            SyncState state, Connection connection, UUID worker, Instant now, Instant nextRun, int pages, int records) {
        if (states.completed(state, worker, now, nextRun)) {
            outbox.publish(progress(state, connection, "IDLE", pages, records, 0));
        }
    }

    /**
     * The org-level progress message (ADR 0005: counts only, no contact data, so the org channel).
     * {@code pages}/{@code records} count this run so far.
     */
    private static RealtimeMessage progress(
            SyncState state, Connection connection, String status, int pages, int records, int emitted) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connectionId", connection.id());
        data.put("provider", connection.provider());
        data.put("dataType", state.dataType().name());
        data.put("mode", state.mode());
        data.put("status", status);
        data.put("pages", pages);
        data.put("records", records);
        data.put("emitted", emitted);
        return RealtimeMessage.of(
                connection.orgId(), List.of(Channels.org(connection.orgId())), "integration.sync_progress", data);
    }

    static IntegrationEvent event(Connection c, DataType type, SyncedRecord record, String hash) {
        UUID syncId = syncId(c.id(), type, record, hash);
        return switch (record) {
            case SyncedRecord.Contact contact ->
                new IntegrationEvent.ContactSynced(
                        c.orgId(),
                        c.id(),
                        c.provider(),
                        contact.externalId(),
                        contact.firstName(),
                        contact.lastName(),
                        contact.email(),
                        contact.phone(),
                        contact.company(),
                        contact.tags(),
                        contact.updatedAt(),
                        syncId);
            case SyncedRecord.Transaction t ->
                new IntegrationEvent.TransactionSynced(
                        c.orgId(),
                        c.id(),
                        c.provider(),
                        t.externalId(),
                        t.amountMinor(),
                        t.currency(),
                        t.status(),
                        t.contactExternalId(),
                        t.contactEmail(),
                        t.contactPhone(),
                        t.occurredAt(),
                        t.updatedAt(),
                        syncId);
        };
    }

    /**
     * Deterministic per (connection, data type, external id, the platform's update time): the same
     * version of a record always carries the same id. Without an update time, its content stands in.
     */
    static UUID syncId(UUID connectionId, DataType type, SyncedRecord record, String hash) {
        String version = record.updatedAt() != null ? record.updatedAt().toString() : "content:" + hash;
        return UUID.nameUUIDFromBytes((connectionId + "|" + type + "|" + record.externalId() + "|" + version)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the record as we map it: a change of anything we emit changes the hash. */
    static String hash(SyncedRecord record) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(record.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
