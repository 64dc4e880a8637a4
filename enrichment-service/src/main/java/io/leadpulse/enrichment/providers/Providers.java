package io.leadpulse.enrichment.providers;

/**
 * The providers the worker uses, and the offline ones it settles for when a provider keeps giving
 * answers it cannot use (or stays down past {@code give-up-after}).
 */
public record Providers(
        GeoLookup geo, GeoLookup offlineGeo, FirstLineWriter firstLine, FirstLineWriter offlineFirstLine) {}
