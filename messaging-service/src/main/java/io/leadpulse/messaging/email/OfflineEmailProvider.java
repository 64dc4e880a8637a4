package io.leadpulse.messaging.email;

import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.MessageProvider;
import io.leadpulse.messaging.sending.OutgoingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no SMTP server configured (the one-machine run), email is accepted and only logged by id,
 * so the flow (queue, events, timeline) runs with nothing external. Nothing is delivered.
 */
final class OfflineEmailProvider implements MessageProvider {

    private static final Logger log = LoggerFactory.getLogger(OfflineEmailProvider.class);

    @Override
    public Accepted send(OutgoingMessage message) {
        log.info("email kept offline (no SMTP configured): message={}", message.messageId());
        return new Accepted(SmtpMessageProvider.providerId(message), "sent");
    }

    @Override
    public boolean handles(Channel channel) {
        return channel == Channel.EMAIL;
    }

    @Override
    public String name() {
        return "offline-email";
    }
}
