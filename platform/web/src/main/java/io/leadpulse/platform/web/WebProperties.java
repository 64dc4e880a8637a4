package io.leadpulse.platform.web;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize largest request body a service reads (default 1MB)
 * @param maxUploadSize largest body on {@code largeBodyPaths} (default 200MB)
 * @param largeBodyPaths Ant patterns of upload endpoints, such as CSV import
 * @param maxInFlight requests handled at once; more wait (default 128; ADR 0031)
 * @param maxQueueWait how long a request waits for one of those slots before it gets 503 (default 1s)
 */
@ConfigurationProperties("leadpulse.web")
public record WebProperties(
        DataSize maxBodySize,
        DataSize maxUploadSize,
        List<String> largeBodyPaths,
        Integer maxInFlight,
        Duration maxQueueWait) {
    public WebProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(200) : maxUploadSize;
        largeBodyPaths = largeBodyPaths == null ? List.of() : List.copyOf(largeBodyPaths);
        maxInFlight = maxInFlight == null ? 128 : maxInFlight;
        maxQueueWait = maxQueueWait == null ? Duration.ofSeconds(1) : maxQueueWait;
    }
}
