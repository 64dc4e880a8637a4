package io.leadpulse.enrichment.providers;

/** What the providers may use to enrich a lead: no email, no notes, nothing they do not need. */
public record LeadFacts(String firstName, String lastName, String phone, String company) {

    public boolean hasPhone() {
        return phone != null && !phone.isBlank();
    }

    public boolean hasCompany() {
        return company != null && !company.isBlank();
    }
}
