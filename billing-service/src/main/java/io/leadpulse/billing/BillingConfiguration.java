package io.leadpulse.billing;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BillingProperties.class)
class BillingConfiguration {

    /** The time every billing rule reads; tests put a controllable clock in front of it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
