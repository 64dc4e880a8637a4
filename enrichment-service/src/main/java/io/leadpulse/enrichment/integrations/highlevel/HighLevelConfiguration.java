package io.leadpulse.enrichment.integrations.highlevel;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.leadpulse.enrichment.EnrichmentSettings;
import io.leadpulse.enrichment.providers.PoliteHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HighLevelConfiguration {

    /** Always a bean: without a client id it is listed as not configured (and says why). */
    @Bean
    HighLevelConnector highLevelConnector(
            EnrichmentSettings settings, CircuitBreakerRegistry breakers, MeterRegistry meters) {
        EnrichmentSettings.HighLevel highlevel = settings.integrations().highlevel();
        return new HighLevelConnector(
                highlevel, new PoliteHttp(HighLevelConnector.PROVIDER, highlevel.http(), breakers, meters));
    }
}
