package io.leadpulse.messaging.email;

import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.MessageProvider;
import io.leadpulse.messaging.sending.OutgoingMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends email through Spring Mail's SMTP client. The SMTP server accepting it is status
 * {@code sent}; the provider id is our message id, also carried in {@code X-LeadPulse-Message-Id}
 * so bounce and complaint reports (which quote the original headers) can be matched. The HTML
 * alternative carries the open pixel and tracked links.
 */
final class SmtpMessageProvider implements MessageProvider {

    static final String ID_HEADER = "X-LeadPulse-Message-Id";

    private final JavaMailSender mail;
    private final Tracking tracking;

    SmtpMessageProvider(JavaMailSender mail, Tracking tracking) {
        this.mail = mail;
        this.tracking = tracking;
    }

    @Override
    public Accepted send(OutgoingMessage message) {
        try {
            MimeMessage mime = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
            helper.setFrom(message.from());
            helper.setTo(message.to());
            helper.setSubject(message.subject());
            // Text as written, and an HTML alternative whose links go through the click redirect
            // and which carries the open pixel.
            helper.setText(message.body(), tracking.html(message.messageId(), message.body()));
            mime.setHeader(ID_HEADER, message.messageId().toString());
            mail.send(mime);
            return new Accepted(providerId(message), "sent");
        } catch (MessagingException e) {
            throw new Rejected(null, "unusable address or content: " + e.getMessage());
        } catch (MailSendException e) {
            if (e.getFailedMessages().values().stream().anyMatch(SendFailedException.class::isInstance)) {
                throw new Rejected(null, "the SMTP server refused the recipient: " + e.getMessage());
            }
            throw new Unavailable("SMTP send failed: " + e.getMessage(), e);
        } catch (MailException e) {
            throw new Unavailable("SMTP unavailable: " + e.getMessage(), e);
        }
    }

    static String providerId(OutgoingMessage message) {
        return "EM" + message.messageId().toString().replace("-", "");
    }

    @Override
    public boolean handles(Channel channel) {
        return channel == Channel.EMAIL;
    }

    @Override
    public String name() {
        return "smtp";
    }
}
