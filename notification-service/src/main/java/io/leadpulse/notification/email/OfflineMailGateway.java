package io.leadpulse.notification.email;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** No mail server configured ({@code ./dev up}): logs that an email would have gone, nothing else. */
class OfflineMailGateway implements MailGateway {

    private static final Logger log = LoggerFactory.getLogger(OfflineMailGateway.class);

    @Override
    public void send(String to, String subject, String body) {
        log.info("email not sent (no spring.mail.host configured)");
    }

    @Override
    public void send(String to, String subject, String body, Rich rich) {
        log.info(
                "email with attachment not sent (no spring.mail.host configured): attachment={} bytes",
                rich.attachment() == null ? 0 : rich.attachment().length);
    }
}
