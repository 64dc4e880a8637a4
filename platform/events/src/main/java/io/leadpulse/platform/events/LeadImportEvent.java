package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.UUID;

/** Lead imports, on the lead topic and keyed by the import id. Each imported lead has its own {@code lead.created}. */
@EventContext(topic = Topics.LEAD_EVENTS)
public sealed interface LeadImportEvent extends DomainEvent {

    UUID importId();

    @Override
    default String subject() {
        return importId().toString();
    }

    /**
     * An import stopped: {@code status} is {@code COMPLETED}, {@code STOPPED_AT_QUOTA},
     * {@code CANCELLED} or {@code FAILED}.
     */
    @EventType("lead.import_finished")
    record ImportFinished(
            UUID orgId,
            UUID importId,
            UUID startedBy,
            String fileName,
            String status,
            long total,
            long created,
            long updated,
            long skipped,
            long failed,
            Instant finishedAt)
            implements LeadImportEvent {}
}
