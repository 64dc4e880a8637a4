package io.leadpulse.notification.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Spring Mail over SMTP ({@code spring.mail.host} set). */
class SmtpMailGateway implements MailGateway {

    private final JavaMailSender sender;
    private final String from;

    SmtpMailGateway(JavaMailSender sender, String from) {
        this.sender = sender;
        this.from = from;
    }

    @Override
    public void send(String to, String subject, String body) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(body);
        sender.send(message);
    }

    @Override
    public void send(String to, String subject, String body, Rich rich) {
        MimeMessage message = sender.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(body, rich.html());
            if (rich.attachment() != null) {
                helper.addAttachment(
                        rich.attachmentName(), new ByteArrayResource(rich.attachment()), "application/pdf");
            }
        } catch (MessagingException e) {
            throw new MailPreparationException(e);
        }
        sender.send(message);
    }
}
