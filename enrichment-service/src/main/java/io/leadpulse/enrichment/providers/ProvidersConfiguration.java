package io.leadpulse.enrichment.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.leadpulse.enrichment.EnrichmentSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses each provider: the HTTP one when its key is set, else the offline one. */
@Configuration(proxyBeanMethods = false)
class ProvidersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProvidersConfiguration.class);

    @Bean
    CircuitBreakerRegistry enrichmentCircuitBreakers(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        // resilience4j.circuitbreaker.state{name}, .calls{name,kind}...: the open circuit is visible.
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    Providers providers(
            EnrichmentSettings settings, CircuitBreakerRegistry breakers, MeterRegistry meters, ProviderCache cache) {
        GeoLookup offlineGeo = new OfflineGeo();
        FirstLineWriter template = new TemplateFirstLine();
        GeoLookup geo = settings.geo().configured()
                ? new SerpApiGeo(settings.geo(), new PoliteHttp("serpapi", settings.geo(), breakers, meters), cache)
                : offlineGeo;
        FirstLineWriter firstLine = settings.ai().configured()
                ? new OpenAiFirstLine(settings.ai(), new PoliteHttp("openai", settings.ai(), breakers, meters), cache)
                : template;
        log.info("enrichment providers: geo={} firstLine={}", geo.name(), firstLine.name());
        return new Providers(geo, offlineGeo, firstLine, template);
    }
}
