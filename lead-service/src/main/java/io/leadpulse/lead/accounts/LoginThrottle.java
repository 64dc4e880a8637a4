package io.leadpulse.lead.accounts;

import io.leadpulse.lead.LeadSettings;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after {@code max-failed-logins} failures for one email within the
 * window, further attempts are refused until the oldest failure ages out. Unknown emails are
 * counted the same way, so the answer never tells whether an account exists. Kept in PostgreSQL,
 * so every instance of the service sees the same count.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final JdbcClient jdbc;
    private final int maxFailures;
    private final Duration window;

    LoginThrottle(JdbcClient jdbc, LeadSettings settings) {
        this.jdbc = jdbc;
        this.maxFailures = settings.auth().maxFailedLogins();
        this.window = settings.auth().failedLoginWindow();
    }

    /** How long this email must wait before trying again, or empty when it may try now. */
    Optional<Duration> retryAfter(String email) {
        Instant since = Instant.now().minus(window);
        return jdbc.sql("""
                        select count(*) as failures, min(failed_at) as oldest
                        from login_failure where email = :email and failed_at > :since
                        """)
                .param("email", key(email))
                .param("since", Timestamp.from(since))
                .query((rs, row) -> {
                    if (rs.getLong("failures") < maxFailures) {
                        return Optional.<Duration>empty();
                    }
                    Instant free = rs.getTimestamp("oldest").toInstant().plus(window);
                    Duration wait = Duration.between(Instant.now(), free);
                    return Optional.of(wait.isNegative() ? Duration.ofSeconds(1) : wait);
                })
                .single();
    }

    void recordFailure(String email) {
        // Stamped with the same clock that reads the window, so clock skew between hosts cannot shift it.
        jdbc.sql("insert into login_failure (email, failed_at) values (:email, :at)")
                .param("email", key(email))
                .param("at", Timestamp.from(Instant.now()))
                .update();
    }

    void recordSuccess(String email) {
        jdbc.sql("delete from login_failure where email = :email")
                .param("email", key(email))
                .update();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetOldFailures() {
        int deleted = jdbc.sql("delete from login_failure where failed_at < :before")
                .param("before", Timestamp.from(Instant.now().minus(window)))
                .update();
        if (deleted > 0) {
            log.debug("forgot {} expired login failures", deleted);
        }
    }

    private static String key(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
