package io.leadpulse.enrichment.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.leadpulse.enrichment.EnrichmentSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With no keys nothing leaves the machine: the offline providers are chosen (what `./dev up` runs). */
class ProvidersChoiceTest {

    private final ProvidersConfiguration configuration = new ProvidersConfiguration();

    @Test
    void noKeysSelectTheOfflineProviders() {
        Providers providers = configuration.providers(
                settings("", ""), CircuitBreakerRegistry.ofDefaults(), new SimpleMeterRegistry(), null);

        assertThat(providers.geo().name()).isEqualTo("offline");
        assertThat(providers.firstLine().name()).isEqualTo("template");
    }

    @Test
    void aKeySelectsThatProvidersHttpClientAndKeepsTheOfflineOneAsFallback() {
        Providers providers = configuration.providers(
                settings("geo-key", null), CircuitBreakerRegistry.ofDefaults(), new SimpleMeterRegistry(), null);

        assertThat(providers.geo().name()).isEqualTo("serpapi");
        assertThat(providers.offlineGeo().name()).isEqualTo("offline");
        assertThat(providers.firstLine().name()).isEqualTo("template");
    }

    private static EnrichmentSettings settings(String geoKey, String aiKey) {
        return new EnrichmentSettings(
                provider("https://serpapi.com", geoKey), provider("https://api.openai.com", aiKey), null, null);
    }

    private static EnrichmentSettings.Provider provider(String url, String key) {
        return new EnrichmentSettings.Provider(
                url,
                key,
                "gpt-4o-mini",
                Duration.ofSeconds(10),
                100,
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                50,
                20,
                Duration.ofSeconds(30),
                4,
                Duration.ofDays(30));
    }
}
