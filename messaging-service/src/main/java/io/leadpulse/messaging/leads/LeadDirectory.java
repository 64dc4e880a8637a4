package io.leadpulse.messaging.leads;

import io.leadpulse.platform.events.EnrichmentEvent;
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

    /**
     * Published in the consumer's transaction after a lead was created, updated or moved in the
     * pipeline ({@code trigger}: the event type); the projection already holds the new state.
     */
    public record LeadChanged(UUID orgId, UUID leadId, String trigger, java.time.Instant at) {}

    /** Published in the consumer's transaction when a lead got a (newer) AI first line. */
    public record FirstLineApplied(UUID orgId, UUID leadId, java.time.Instant at) {}

    /** Applies one lead event; runs inside the idempotent consumer's transaction. */
    void apply(LeadEvent event) {
        switch (event) {
            case LeadEvent.LeadCreated c -> {
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
                                c.status(),
                                c.source(),
                                c.tags(),
                                null,
                                null,
                                c.createdAt()),
                        c.createdAt());
                spring.publishEvent(new LeadChanged(c.orgId(), c.leadId(), "lead.created", c.createdAt()));
            }
            case LeadEvent.LeadUpdated u -> {
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
                                null,
                                null,
                                u.tags(),
                                null,
                                null,
                                null),
                        u.updatedAt());
                spring.publishEvent(new LeadChanged(u.orgId(), u.leadId(), "lead.updated", u.updatedAt()));
            }
            case LeadEvent.LeadAssigned a -> contacts.assign(a.orgId(), a.leadId(), a.assigneeId(), a.assignedAt());
            case LeadEvent.LeadStatusChanged s -> {
                contacts.status(s.orgId(), s.leadId(), s.to(), s.assigneeId(), s.changedAt());
                spring.publishEvent(new LeadStatusApplied(s.orgId(), s.leadId(), s.to(), s.changedAt()));
                spring.publishEvent(new LeadChanged(s.orgId(), s.leadId(), "lead.status_changed", s.changedAt()));
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

    /**
     * Applies one enrichment event; runs inside the idempotent consumer's transaction. Each field
     * keeps the newest value by the provider's time, whatever order the events come in; a
     * timezone that is not a valid zone id is ignored (quiet hours keep the number's).
     */
    void apply(EnrichmentEvent event) {
        switch (event) {
            case EnrichmentEvent.LeadEnriched e -> {
                if (e.timezone() == null || !validZone(e.timezone())) {
                    log.info("lead enriched without a usable timezone: org={} lead={}", e.orgId(), e.leadId());
                    return;
                }
                contacts.timezone(e.orgId(), e.leadId(), e.timezone(), e.enrichedAt());
                log.info("lead timezone applied: org={} lead={}", e.orgId(), e.leadId());
            }
            case EnrichmentEvent.LeadPersonalized p -> {
                if (p.firstLine() == null || p.firstLine().isBlank()) {
                    return;
                }
                if (contacts.firstLine(p.orgId(), p.leadId(), p.firstLine().strip(), p.personalizedAt())) {
                    spring.publishEvent(new FirstLineApplied(p.orgId(), p.leadId(), p.personalizedAt()));
                    log.info("lead first line applied: org={} lead={}", p.orgId(), p.leadId());
                }
            }
            default -> {
                // later enrichment facts tell messaging nothing it keeps
            }
        }
    }

    private static boolean validZone(String id) {
        try {
            java.time.ZoneId.of(id);
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
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

    /**
     * Who wrote from {@code from} to our number {@code to}: the lead we last wrote to at that
     * address from that number (the conversation's organisation), else the newest lead with the
     * number if all leads with it belong to one organisation. Our sending numbers are shared by
     * every organisation, so a number known to several organisations that none of them wrote to
     * matches nobody: a reply never lands in another tenant's inbox.
     */
    public Optional<LeadContact> byPhone(String phone, String from, String to) {
        Optional<LeadContact> written = contacts.lastWrittenTo(from, to);
        if (written.isPresent()) {
            return written;
        }
        java.util.List<LeadContact> candidates = contacts.withPhone(phone);
        long orgs = candidates.stream().map(LeadContact::orgId).distinct().count();
        if (orgs > 1) {
            log.info("inbound number known to {} organisations and written to by none: not matched", orgs);
            return Optional.empty();
        }
        return candidates.stream().findFirst();
    }
}
