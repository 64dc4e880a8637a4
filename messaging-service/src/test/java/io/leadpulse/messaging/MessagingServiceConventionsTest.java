package io.leadpulse.messaging;

import io.leadpulse.platform.test.ServiceConventions;

class MessagingServiceConventionsTest extends MessagingServiceTestSupport implements ServiceConventions {

    @Override
    public int port() {
        return port;
    }

    @Override
    public String unknownApiPath() {
        return "/api/messaging-nothing-here";
    }
}
