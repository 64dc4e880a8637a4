package io.leadpulse.notification.sms;

import io.leadpulse.notification.NotificationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Twilio when an account is configured, else the offline gateway (ARCHITECTURE.md "External providers"). */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SmsConfiguration.class);

    @Bean
    SmsGateway smsGateway(NotificationSettings settings) {
        NotificationSettings.Sms sms = settings.sms();
        if (sms.twilioConfigured()) {
            log.info("SMS notifications go through Twilio at {}", sms.apiBaseUrl());
            return new TwilioSmsGateway(sms);
        }
        log.info("no Twilio account configured: SMS notifications are logged, not sent");
        return new OfflineSmsGateway();
    }
}
