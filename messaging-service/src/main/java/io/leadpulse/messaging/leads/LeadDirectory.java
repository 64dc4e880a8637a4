package io.leadpulse.messaging.leads;

import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The leads messaging may talk to, kept from lead.events, and who may see them: an admin every
 * lead of its organisation, a rep the leads assigned to it.
 */
@Service
public class LeadDirectory {

    private static final Logger log = LoggerFactory.getLogger(LeadDirectory.class);

    private final LeadContactRepository contacts;
    private final ApplicationEventPublisher spring;

    LeadDirectory(LeadContactRepository contacts, ApplicationEventPublisher spring) {
        this.contacts = contacts;
        this.spring = spring;
    }

    /** Published in the consumer's transaction when a lead's status changed or it was deleted ({@code DELETED}). */
    public record LeadStatusApplied(UUID orgId, UUID leadId, String status, java.time.Instant at) {}

    /** Applies one lead event; runs inside the idempotent consumer's transaction. */
    void apply(LeadEvent event) {
        switch (event) {
            case LeadEvent.LeadCreated c ->
                contacts.upsert(
                        new LeadContact(
                                c.leadId(),
                                c.orgId(),
                                c.firstName(),
                                c.lastName(),
                                c.email(),
                                c.phone(),
                                c.company(),
                                c.assigneeId(),
                                c.status()),
                        c.createdAt());
            case LeadEvent.LeadUpdated u ->
                contacts.upsertContact(
                        new LeadContact(
                                u.leadId(),
                                u.orgId(),
                                u.firstName(),
                                u.lastName(),
                                u.email(),
                                u.phone(),
                                u.company(),
                                null,
                                null),
                        u.updatedAt());
            case LeadEvent.LeadAssigned a -> contacts.assign(a.orgId(), a.leadId(), a.assigneeId(), a.assignedAt());
            case LeadEvent.LeadStatusChanged s -> {
                contacts.status(s.orgId(), s.leadId(), s.to(), s.assigneeId(), s.changedAt());
                spring.publishEvent(new LeadStatusApplied(s.orgId(), s.leadId(), s.to(), s.changedAt()));
            }
            case LeadEvent.LeadDeleted d -> {
                contacts.delete(d.orgId(), d.leadId());
                spring.publishEvent(new LeadStatusApplied(d.orgId(), d.leadId(), "DELETED", d.deletedAt()));
                log.info("lead removed from the messaging projection: org={} lead={}", d.orgId(), d.leadId());
            }
            default -> {
                // appointments, tasks, preview and calls tell messaging nothing it keeps
            }
        }
    }

    /** The lead if it exists in the caller's organisation and the caller may see it. */
    public Optional<LeadContact> visibleTo(CurrentUser user, UUID leadId) {
        return contacts.find(user.orgId(), leadId)
                .filter(lead -> user.isAdmin() || user.id().equals(lead.assigneeId()));
    }

    public Optional<LeadContact> find(UUID orgId, UUID leadId) {
        return contacts.find(orgId, leadId);
    }

    /** Who wrote from this number: the lead we last messaged there, else the newest lead with it. */
    public Optional<LeadContact> byPhone(String phone) {
        return contacts.byPhone(phone);
    }
}
