package io.leadpulse.messaging;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The movable clock every worker reads in tests. */
@TestConfiguration(proxyBeanMethods = false)
class TestClockConfiguration {

    @Bean
    @Primary
    MessagingServiceTestSupport.MovableClock movableClock() {
        return new MessagingServiceTestSupport.MovableClock();
    }
}
