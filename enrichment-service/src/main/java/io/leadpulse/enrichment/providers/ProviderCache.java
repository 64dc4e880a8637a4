package io.leadpulse.enrichment.providers;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provider answers kept in PostgreSQL by normalised input (lower case, single spaces), so the same
 * search or prompt is paid for once per {@code cache-ttl}, across instances and restarts.
 * Counted in {@code enrichment.cache{provider,result=hit|miss}}.
 */
@Component
public class ProviderCache {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProviderCacheRepository rows;
    private final Clock clock;
    private final MeterRegistry meters;

    ProviderCache(ProviderCacheRepository rows, Clock clock, MeterRegistry meters) {
        this.rows = rows;
        this.clock = clock;
        this.meters = meters;
    }

    /** The cached answer for this input, else {@code compute}'s (kept for {@code ttl}). */
    public <T> T get(String provider, String input, Duration ttl, Class<T> type, Supplier<T> compute) {
        String key = normalise(input);
        Optional<String> cached = rows.find(provider, key, clock.instant());
        if (cached.isPresent()) {
            meters.counter("enrichment.cache", "provider", provider, "result", "hit")
                    .increment();
            return JSON.readValue(cached.get(), type);
        }
        meters.counter("enrichment.cache", "provider", provider, "result", "miss")
                .increment();
        T answer = compute.get();
        rows.put(
                provider,
                key,
                JSON.writeValueAsString(answer),
                clock.instant(),
                clock.instant().plus(ttl));
        return answer;
    }

    static String normalise(String input) {
        return input.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
