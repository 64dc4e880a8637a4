package io.leadpulse.lead.hot;

import io.leadpulse.lead.leads.LeadStatus;
import java.time.Instant;
import java.util.UUID;

/** A lead whose preview page was just viewed, as read (and locked) by the caller's transaction. */
public record ViewedLead(
        UUID id,
        UUID orgId,
        String firstName,
        String lastName,
        String company,
        LeadStatus status,
        UUID assigneeId,
        Instant becameHotAt) {}
