package io.leadpulse.platform.eventing.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Outbox settings.
 *
 * @param publishAfterCommit send rows right after their transaction commits (low latency); the
 *     relay still sweeps what a crash left behind
 * @param relayInterval how often the relay looks for unpublished rows
 * @param relayGrace how old an unpublished row must be before the relay takes it, so it does not
 *     race the after-commit send
 * @param batchSize rows per relay round
 * @param sendTimeout how long a relay send may wait for the broker
 * @param retention how long published rows are kept before they are deleted
 * @param pauseAfterFailure how long the after-commit send leaves committed rows to the relay after
 *     a send failed (the broker is likely away; ADR 0031)
 */
@ConfigurationProperties("leadpulse.outbox")
public record OutboxProperties(
        Boolean publishAfterCommit,
        Duration relayInterval,
        Duration relayGrace,
        Integer batchSize,
        Duration sendTimeout,
        Duration retention,
        Duration pauseAfterFailure) {

    public OutboxProperties {
        publishAfterCommit = publishAfterCommit == null || publishAfterCommit;
        relayInterval = relayInterval == null ? Duration.ofSeconds(1) : relayInterval;
        relayGrace = relayGrace == null ? Duration.ofSeconds(5) : relayGrace;
        batchSize = batchSize == null ? 500 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
        retention = retention == null ? Duration.ofHours(1) : retention;
        pauseAfterFailure = pauseAfterFailure == null ? Duration.ofSeconds(5) : pauseAfterFailure;
    }
}
