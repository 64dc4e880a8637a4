package io.leadpulse.platform.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize largest request body a service reads (default 1MB)
 * @param maxUploadSize largest body on {@code largeBodyPaths} (default 200MB)
 * @param largeBodyPaths Ant patterns of upload endpoints, such as CSV import
 */
@ConfigurationProperties("leadpulse.web")
public record WebProperties(DataSize maxBodySize, DataSize maxUploadSize, List<String> largeBodyPaths) {
    public WebProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(200) : maxUploadSize;
        largeBodyPaths = largeBodyPaths == null ? List.of() : List.copyOf(largeBodyPaths);
    }
}
