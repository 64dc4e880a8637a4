package io.leadpulse.enrichment.providers;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ProviderCacheRepository {

    private final JdbcClient jdbc;

    ProviderCacheRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> find(String provider, String key, Instant now) {
        return jdbc.sql("""
                        select answer from provider_cache
                        where provider = :provider and input_key = :key and expires_at > :now
                        """)
                .param("provider", provider)
                .param("key", key)
                .param("now", Timestamp.from(now))
                .query(String.class)
                .optional();
    }

    void put(String provider, String key, String answer, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        insert into provider_cache (provider, input_key, answer, cached_at, expires_at)
                        values (:provider, :key, :answer, :now, :expires)
                        on conflict (provider, input_key) do update set
                            answer = excluded.answer, cached_at = excluded.cached_at, expires_at = excluded.expires_at
                        """)
                .param("provider", provider)
                .param("key", key)
                .param("answer", answer)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt))
                .update();
    }
}
