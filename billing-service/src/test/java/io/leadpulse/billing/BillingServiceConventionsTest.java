package io.leadpulse.billing;

import io.leadpulse.platform.test.ServiceConventions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BillingServiceConventionsTest implements ServiceConventions {

    @LocalServerPort
    int port;

    @Override
    public int port() {
        return port;
    }

    @Override
    public String unknownApiPath() {
        return "/api/billing-nothing-here";
    }
}
