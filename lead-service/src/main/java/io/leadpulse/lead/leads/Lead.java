package io.leadpulse.lead.leads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A person a team wants to sell to. Emails are lower-cased and phones E.164 before they get here. */
public record Lead(
        UUID id,
        UUID orgId,
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        LeadStatus status,
        UUID assigneeId,
        List<String> tags,
        String source,
        Instant createdAt,
        Instant updatedAt) {}
