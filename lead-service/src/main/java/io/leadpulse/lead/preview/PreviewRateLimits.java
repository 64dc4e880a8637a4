package io.leadpulse.lead.preview;

import io.leadpulse.lead.LeadSettings;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Limits the public beacon: per client address (checked before anything is looked up) and per
 * preview token (only for tokens that exist, so random tokens cannot fill memory).
 */
@Component
public class PreviewRateLimits {

    private static final Logger log = LoggerFactory.getLogger(PreviewRateLimits.class);

    private final TokenBuckets perAddress;
    private final TokenBuckets perToken;

    PreviewRateLimits(LeadSettings settings) {
        this.perAddress = new TokenBuckets(settings.preview().eventsPerMinutePerAddress());
        this.perToken = new TokenBuckets(settings.preview().eventsPerMinutePerToken());
    }

    /** Empty when the address may send another event, else how long it must wait. */
    public Optional<Duration> takeForAddress(String address) {
        return perAddress.take(address, System.nanoTime());
    }

    /** Empty when the page may send another event, else how long it must wait. */
    public Optional<Duration> takeForToken(String token) {
        return perToken.take(token, System.nanoTime());
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forgetIdle() {
        long now = System.nanoTime();
        int evicted = perAddress.evictIdle(now) + perToken.evictIdle(now);
        if (evicted > 0) {
            log.debug("preview rate limits: forgot {} idle buckets", evicted);
        }
    }
}
