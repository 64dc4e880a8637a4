package io.leadpulse.notification.sms;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.leadpulse.notification.NotificationSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Without a Twilio account ({@code ./dev up}) texts are logged, ids and length only. */
class OfflineSmsGatewayTest {

    @Test
    void withoutAnAccountTextsAreLoggedWithoutTheNumberOrTheText() {
        SmsGateway gateway = new SmsConfiguration().smsGateway(settings(""));
        assertThat(gateway).isInstanceOf(OfflineSmsGateway.class);
        Logger logger = (Logger) LoggerFactory.getLogger(OfflineSmsGateway.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            String sid = gateway.send("+447700900123", "+15005550006", "LeadPulse: A lead is hot");

            assertThat(sid).startsWith("OFFLINE");
            assertThat(logs.list).hasSize(1);
            String line = logs.list.getFirst().getFormattedMessage();
            assertThat(line).contains(sid).doesNotContain("447700900123").doesNotContain("A lead is hot");
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(new SmsConfiguration().smsGateway(settings("AC0123"))).isInstanceOf(TwilioSmsGateway.class);
    }

    private static NotificationSettings settings(String accountSid) {
        return new NotificationSettings(
                Duration.ofMinutes(15),
                Duration.ofSeconds(1),
                100,
                Duration.ofHours(1),
                "notifications@leadpulse.local",
                Duration.ofSeconds(2),
                "0 0 8 * * MON",
                Duration.ofMinutes(1),
                new NotificationSettings.Sms(
                        "+15005550006",
                        accountSid,
                        "dev-twilio-token",
                        "https://api.twilio.com",
                        "http://localhost:8080",
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(2),
                        8,
                        "21:00",
                        "08:00",
                        List.of("appointment.reminder")));
    }
}
