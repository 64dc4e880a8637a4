package io.leadpulse.enrichment.providers;

/** Writes a lead's opening line. Throws {@link ProviderException} when the provider cannot answer now. */
public interface FirstLineWriter {

    String name();

    /** @param place what geo enrichment found, or null */
    FirstLine write(LeadFacts lead, Place place);
}
