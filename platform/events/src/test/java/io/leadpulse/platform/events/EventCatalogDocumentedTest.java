package io.leadpulse.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The AsyncAPI catalogue and the contracts cannot drift apart: every event type is documented, and nothing else. */
class EventCatalogDocumentedTest {

    private static final Path CATALOGUE = Path.of("../../docs/asyncapi.yaml");
    /**
     * Parsed as YAML (not searched as text), so a catalogue that no AsyncAPI tool could read fails
     * here too.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyEventTypeHasAMessageInTheAsyncApiCatalogue() throws IOException {
        Map<String, Object> catalogue = new Yaml().load(Files.readString(CATALOGUE));
        Map<String, Object> components = (Map<String, Object>) catalogue.get("components");
        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>) components.get("messages");
        Set<String> documented = new TreeSet<>();
        messages.values().forEach(message -> documented.add((String) message.get("name")));
        documented.remove("realtime.message");

        Set<String> contracts = new TreeSet<>();
        EventCatalog.all().keySet().forEach(key -> contracts.add(key.substring(0, key.indexOf('@'))));

        assertThat(documented).as("message names in docs/asyncapi.yaml").isEqualTo(contracts);
    }
}
