package io.leadpulse.billing.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What billing knows about organisations, leads and Stripe customers: its own projection of
 * {@code lead.events}, and the customer-to-organisation links Stripe events taught it.
 */
@Service
public class Directory {

    private static final Logger log = LoggerFactory.getLogger(Directory.class);

    private final DirectoryRepository repository;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Directory(DirectoryRepository repository, Clock clock, ApplicationEventPublisher events) {
        this.repository = repository;
        this.clock = clock;
        this.events = events;
    }

    /** A lead as billing knows it: its organisation and the rep who owns it. */
    public record LeadOwner(UUID leadId, UUID orgId, UUID assigneeId, String status, boolean deleted) {}

    /**
     * Records first sight of an organisation and, the first time, tells the listeners of
     * {@link OrgFirstSeen} in the same transaction (its trial starts there).
     */
    @Transactional
    public boolean rememberOrg(UUID orgId) {
        boolean first = repository.rememberOrg(orgId, clock.instant());
        if (first) {
            log.info("organisation first seen: org={}", orgId);
            events.publishEvent(new OrgFirstSeen(orgId));
        }
        return first;
    }

    public boolean isKnownOrg(UUID orgId) {
        return repository.isKnownOrg(orgId);
    }

    public Optional<LeadOwner> lead(UUID leadId) {
        return repository.lead(leadId);
    }

    public Optional<UUID> orgOfCustomer(String customerId) {
        return customerId == null ? Optional.empty() : repository.orgOfCustomer(customerId);
    }

    /** The first organisation a customer was seen with stays its organisation. */
    public void rememberCustomer(String customerId, UUID orgId) {
        if (customerId != null) {
            repository.rememberCustomer(customerId, orgId);
        }
    }

    void leadCreated(UUID orgId, UUID leadId, UUID assigneeId, String status, Instant at) {
        rememberOrg(orgId);
        repository.upsertLead(leadId, orgId, assigneeId, status, at);
    }

    void leadAssigned(UUID orgId, UUID leadId, UUID assigneeId, Instant at) {
        rememberOrg(orgId);
        repository.upsertLead(leadId, orgId, assigneeId, null, at);
    }

    void leadStatusChanged(UUID orgId, UUID leadId, String status, UUID assigneeId, Instant at) {
        rememberOrg(orgId);
        repository.updateStatus(leadId, orgId, status, assigneeId, at);
    }

    void leadDeleted(UUID orgId, UUID leadId, Instant at) {
        rememberOrg(orgId);
        repository.markDeleted(leadId, at);
    }
}
