package io.leadpulse.notification.email;

import io.leadpulse.notification.NotificationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** SMTP through Spring Mail when {@code spring.mail.host} is set, else the offline gateway. */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmailConfiguration.class);

    @Bean
    MailGateway mailGateway(ObjectProvider<JavaMailSender> sender, NotificationSettings settings) {
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            log.info("no mail server configured: emails are logged, not sent");
            return new OfflineMailGateway();
        }
        return new SmtpMailGateway(smtp, settings.mailFrom());
    }
}
