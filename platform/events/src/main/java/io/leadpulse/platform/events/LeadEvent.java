package io.leadpulse.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything lead-service tells the other services. */
@EventContext(topic = Topics.LEAD_EVENTS)
public sealed interface LeadEvent extends DomainEvent {

    UUID leadId();

    @Override
    default String subject() {
        return leadId().toString();
    }

    @EventType("lead.created")
    record LeadCreated(
            UUID orgId,
            UUID leadId,
            String firstName,
            String lastName,
            String email,
            String phone,
            String company,
            String status,
            UUID assigneeId,
            List<String> tags,
            String source,
            UUID createdBy,
            Instant createdAt)
            implements LeadEvent {}
}
