package io.leadpulse.enrichment.integrations;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The platforms this service can connect to, by name. */
@Component
public class Connectors {

    private final List<PlatformConnector> all;

    Connectors(List<PlatformConnector> all) {
        this.all = List.copyOf(all);
    }

    public Optional<PlatformConnector> find(String provider) {
        return all.stream().filter(c -> c.provider().equals(provider)).findFirst();
    }

    public List<PlatformConnector> all() {
        return all;
    }
}
