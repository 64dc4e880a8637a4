package io.leadpulse.enrichment;

import io.leadpulse.platform.test.ServiceConventions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EnrichmentServiceConventionsTest implements ServiceConventions {

    @LocalServerPort
    int port;

    @Override
    public int port() {
        return port;
    }

    @Override
    public String unknownApiPath() {
        return "/api/enrichment-nothing-here";
    }
}
