package io.leadpulse.messaging.email;

import io.leadpulse.messaging.sending.MessageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmailConfiguration.class);

    /** SMTP when Spring Mail is configured ({@code spring.mail.host}), else the offline sender. */
    @Bean
    MessageProvider emailProvider(ObjectProvider<JavaMailSender> mail, Tracking tracking) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.info("no SMTP server configured (spring.mail.host): email is accepted and only logged");
            return new OfflineEmailProvider();
        }
        return new SmtpMessageProvider(sender, tracking);
    }
}
