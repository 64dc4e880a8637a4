package io.leadpulse.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The AsyncAPI catalogue and the contracts cannot drift apart: every event type is documented, and nothing else. */
class EventCatalogDocumentedTest {

    private static final Path CATALOGUE = Path.of("../../docs/asyncapi.yaml");
    private static final Pattern MESSAGE_NAME = Pattern.compile("(?m)^      name: ([a-z_]+\\.[a-z_.]+)$");

    @Test
    void everyEventTypeHasAMessageInTheAsyncApiCatalogue() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher matcher = MESSAGE_NAME.matcher(Files.readString(CATALOGUE));
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        documented.remove("realtime.message");

        Set<String> contracts = new TreeSet<>();
        EventCatalog.all().keySet().forEach(key -> contracts.add(key.substring(0, key.indexOf('@'))));

        assertThat(documented).as("message names in docs/asyncapi.yaml").isEqualTo(contracts);
    }
}
