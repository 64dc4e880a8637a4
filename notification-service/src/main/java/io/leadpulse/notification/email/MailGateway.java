package io.leadpulse.notification.email;

/** Sends one email; throws when the mail server refuses it. */
public interface MailGateway {

    /**
     * An HTML alternative of the text and one attachment (a PDF).
     *
     * @param attachment the file's bytes, null for none
     */
    record Rich(String html, byte[] attachment, String attachmentName) {}

    /** Plain text only. */
    void send(String to, String subject, String body);

    /** Text and HTML alternatives, plus the attachment when it has one. */
    void send(String to, String subject, String body, Rich rich);
}
