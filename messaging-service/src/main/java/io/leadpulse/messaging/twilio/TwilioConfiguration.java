package io.leadpulse.messaging.twilio;

import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.sending.MessageProvider;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class TwilioConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TwilioConfiguration.class);

    /** Twilio when an account is configured, else the offline sandbox (ARCHITECTURE.md "External providers"). */
    @Bean
    MessageProvider messageProvider(MessagingSettings settings, Environment environment) {
        MessagingSettings.Twilio twilio = settings.twilio();
        // Resolved per message: in tests the URL names the server's port, known only once it listens.
        Supplier<String> statusCallbackUrl = () -> environment.resolvePlaceholders(twilio.statusCallbackUrl());
        if (twilio.configured()) {
            log.info("messages go through Twilio at {}", twilio.apiBaseUrl());
            return new TwilioMessageProvider(twilio, statusCallbackUrl);
        }
        log.info("no Twilio account configured: messages go through the offline sandbox");
        return new SandboxMessageProvider(twilio.authToken(), statusCallbackUrl, settings.sandbox());
    }
}
