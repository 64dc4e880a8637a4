package io.leadpulse.enrichment.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfflineProvidersTest {

    private final OfflineGeo geo = new OfflineGeo();
    private final TemplateFirstLine template = new TemplateFirstLine();

    @Test
    void placesANumberByItsPrefix() {
        GeoAnswer answer = geo.locate(new LeadFacts("Ada", null, "+13125550142", null));

        assertThat(answer.place())
                .isEqualTo(new Place(null, null, "America/Chicago", "Chicago", "IL", "US", "offline"));
    }

    @Test
    void aForeignNumberTellsItsCountryAndZone() {
        GeoAnswer answer = geo.locate(new LeadFacts(null, null, "+442079460000", null));

        assertThat(answer.place().country()).isEqualTo("GB");
        assertThat(answer.place().timezone()).isEqualTo("Europe/London");
        assertThat(answer.place().city()).isNull();
        assertThat(answer.place().region()).isEqualTo("London");
    }

    @Test
    void aLeadWithoutAUsableNumberIsSkippedWithAReason() {
        assertThat(geo.locate(new LeadFacts("Ada", null, null, "Acme")).skipReason())
                .isEqualTo("no phone number to place the lead by");
        assertThat(geo.locate(new LeadFacts("Ada", null, "not a number", "Acme"))
                        .skipReason())
                .isEqualTo("the phone number names no country");
    }

    @Test
    void theTemplateUsesWhatIsKnown() {
        Place chicago = new Place(null, null, null, "Chicago", "IL", "US", "offline");

        assertThat(template.write(new LeadFacts("Ada", "Lovelace", null, "Analytical Engines"), chicago)
                        .text())
                .isEqualTo(
                        "Hi Ada, I came across Analytical Engines in Chicago and had an idea that could help your team.");
        assertThat(template.write(new LeadFacts(null, null, null, null), null))
                .isEqualTo(new FirstLine(
                        "Hi there, thanks for reaching out; I have an idea that could help.", "template"));
    }
}
