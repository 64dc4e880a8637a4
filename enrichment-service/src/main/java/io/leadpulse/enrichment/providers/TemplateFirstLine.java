package io.leadpulse.enrichment.providers;

/** A first line with no API: from the lead's first name, company and city, always the same for the same lead. */
public final class TemplateFirstLine implements FirstLineWriter {

    @Override
    public String name() {
        return "template";
    }

    @Override
    public FirstLine write(LeadFacts lead, Place place) {
        String greeting = present(lead.firstName()) ? "Hi " + lead.firstName().trim() + ", " : "Hi there, ";
        String city = place != null && present(place.city()) ? place.city() : null;
        String body;
        if (lead.hasCompany()) {
            body = "I came across " + lead.company().trim() + (city != null ? " in " + city : "")
                    + " and had an idea that could help your team.";
        } else if (city != null) {
            body = "thanks for reaching out from " + city + "; I have an idea that could help.";
        } else {
            body = "thanks for reaching out; I have an idea that could help.";
        }
        return new FirstLine(greeting + body, name());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
