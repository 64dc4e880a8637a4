package io.leadpulse.platform.web.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param publicPaths request patterns a service serves without a token (login, preview pages,
 *     webhooks), in addition to health, metrics and API docs
 */
@ConfigurationProperties("leadpulse.security")
public record SecurityProperties(List<String> publicPaths) {
    public SecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
