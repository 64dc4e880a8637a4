package io.leadpulse.enrichment.providers;

/** Places a lead. Throws {@link ProviderException} when the provider cannot answer now. */
public interface GeoLookup {

    String name();

    GeoAnswer locate(LeadFacts lead);
}
