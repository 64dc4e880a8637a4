package io.leadpulse.messaging.leads;

import java.util.UUID;

/** What messaging knows about a lead, from lead.events. Phone is E.164 as lead-service stores it. */
public record LeadContact(
        UUID leadId,
        UUID orgId,
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        UUID assigneeId,
        String status) {}
