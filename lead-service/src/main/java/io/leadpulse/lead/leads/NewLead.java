package io.leadpulse.lead.leads;

import java.util.List;
import java.util.UUID;

/** What a caller asks to create; checked and normalised by {@link LeadService}. */
public record NewLead(
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        UUID assigneeId,
        List<String> tags,
        String source) {}
