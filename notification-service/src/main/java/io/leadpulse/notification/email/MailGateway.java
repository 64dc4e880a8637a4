package io.leadpulse.notification.email;

/** Sends one plain-text email; throws when the mail server refuses it. */
public interface MailGateway {

    void send(String to, String subject, String body);
}
