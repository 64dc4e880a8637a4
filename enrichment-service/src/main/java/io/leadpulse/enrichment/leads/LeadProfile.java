package io.leadpulse.enrichment.leads;

import io.leadpulse.enrichment.providers.LeadFacts;
import java.util.UUID;

/** What enrichment keeps of a lead (from lead.events): the inputs of its providers and who may see it. */
public record LeadProfile(
        UUID leadId,
        UUID orgId,
        String firstName,
        String lastName,
        String phone,
        String company,
        UUID assigneeId,
        boolean deleted) {

    public LeadFacts facts() {
        return new LeadFacts(firstName, lastName, phone, company);
    }
}
