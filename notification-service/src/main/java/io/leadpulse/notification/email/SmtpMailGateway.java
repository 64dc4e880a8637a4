package io.leadpulse.notification.email;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

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
}
