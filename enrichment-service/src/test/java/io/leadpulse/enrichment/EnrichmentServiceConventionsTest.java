package io.leadpulse.enrichment;

import io.leadpulse.platform.test.ServiceConventions;

class EnrichmentServiceConventionsTest extends EnrichmentServiceTestSupport implements ServiceConventions {

    @Override
    public int port() {
        return port;
    }

    @Override
    public String unknownApiPath() {
        return "/api/enrichment-nothing-here";
    }
}
