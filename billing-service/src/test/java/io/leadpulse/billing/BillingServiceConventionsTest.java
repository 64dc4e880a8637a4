package io.leadpulse.billing;

import io.leadpulse.platform.test.ServiceConventions;

class BillingServiceConventionsTest extends BillingServiceTestSupport implements ServiceConventions {

    @Override
    public int port() {
        return port;
    }

    @Override
    public String unknownApiPath() {
        return "/api/billing-nothing-here";
    }
}
