package io.leadpulse.enrichment.leads;

import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage.Channels;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The leads enrichment works on and the people who may see them, kept from lead.events: an admin
 * sees every lead of its organisation, a rep the leads assigned to it (ADR 0005).
 */
@Service
public class Directory {

    private final DirectoryRepository rows;

    Directory(DirectoryRepository rows) {
        this.rows = rows;
    }

    /** Applies one event; runs inside the idempotent consumer's transaction. */
    void apply(LeadEvent event) {
        switch (event) {
            case LeadEvent.LeadCreated c ->
                rows.upsertLead(
                        new LeadProfile(
                                c.leadId(),
                                c.orgId(),
                                c.firstName(),
                                c.lastName(),
                                c.phone(),
                                c.company(),
                                c.assigneeId(),
                                false),
                        true,
                        c.createdAt());
            case LeadEvent.LeadUpdated u ->
                rows.upsertLead(
                        new LeadProfile(
                                u.leadId(),
                                u.orgId(),
                                u.firstName(),
                                u.lastName(),
                                u.phone(),
                                u.company(),
                                null,
                                false),
                        false,
                        u.updatedAt());
            case LeadEvent.LeadAssigned a -> rows.assign(a.orgId(), a.leadId(), a.assigneeId());
            case LeadEvent.LeadStatusChanged s -> {
                if (s.assigneeId() != null) {
                    rows.assign(s.orgId(), s.leadId(), s.assigneeId());
                }
            }
            case LeadEvent.LeadDeleted d -> rows.markDeleted(d.orgId(), d.leadId(), d.deletedAt());
            default -> {
                // appointments, tasks, previews and calls change nothing enrichment uses
            }
        }
    }

    void apply(AccountEvent event) {
        switch (event) {
            case AccountEvent.UserCreated c ->
                rows.upsertUser(c.userId(), c.orgId(), c.role(), c.active(), c.createdAt());
            case AccountEvent.UserUpdated u ->
                rows.upsertUser(u.userId(), u.orgId(), u.role(), u.active(), u.updatedAt());
        }
    }

    /** The lead as enrichment knows it (deleted ones included, flagged). */
    public Optional<LeadProfile> find(UUID leadId) {
        return rows.find(leadId);
    }

    /** Who is told about this lead: its channel, its assignee's and each admin's user channel. */
    public List<String> audience(LeadProfile lead) {
        List<String> channels = new ArrayList<>();
        channels.add(Channels.lead(lead.leadId()));
        if (lead.assigneeId() != null) {
            channels.add(Channels.user(lead.assigneeId()));
        }
        for (UUID admin : rows.admins(lead.orgId())) {
            String channel = Channels.user(admin);
            if (!channels.contains(channel)) {
                channels.add(channel);
            }
        }
        return channels;
    }

    /** The active admins of an organisation: who hears of org-wide trouble (a connection needing re-authorisation). */
    public List<UUID> admins(UUID orgId) {
        return rows.admins(orgId);
    }

    /** The lead if it is in the caller's organisation and the caller may see it. */
    public Optional<LeadProfile> visibleTo(CurrentUser user, UUID leadId) {
        return rows.find(leadId)
                .filter(lead -> !lead.deleted() && lead.orgId().equals(user.orgId()))
                .filter(lead -> user.isAdmin() || user.id().equals(lead.assigneeId()));
    }
}
