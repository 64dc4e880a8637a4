package io.leadpulse.messaging.email;

import io.leadpulse.messaging.MessagingSettings;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads bounce and complaint reports from the bounce mailbox (the Return-Path of our email) over
 * IMAP (docs/adr/0018). Each report is applied and stored in one transaction, then deleted from
 * the mailbox; a crash in between leaves it there and the next round finds it stored already.
 * Reads nothing when {@code messaging.email.bounces.imap-host} is empty (the one-machine run).
 */
@Component
class BounceMailbox {

    private static final Logger log = LoggerFactory.getLogger(BounceMailbox.class);

    private final MessagingSettings.Bounces settings;
    private final EmailBounces bounces;

    BounceMailbox(MessagingSettings settings, EmailBounces bounces) {
        this.settings = settings.email().bounces();
        if (this.settings.configured()) {
            log.info(
                    "bounce mailbox: {}:{} folder {}",
                    this.settings.imapHost(),
                    this.settings.imapPort(),
                    this.settings.folder());
        } else {
            log.info("no bounce mailbox configured (messaging.email.bounces.imap-host): bounces are not read");
        }
        this.bounces = bounces;
    }

    @Scheduled(fixedDelayString = "${messaging.email.bounces.poll-interval}")
    void poll() {
        if (!settings.configured()) {
            return;
        }
        try {
            read();
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("bounce mailbox round failed; the next round retries: {}", e.toString());
        }
    }

    /** One round; answers how many reports were read. */
    int read() throws MessagingException, IOException {
        String protocol = settings.imapSsl() ? "imaps" : "imap";
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".connectiontimeout", "10000");
        properties.put("mail." + protocol + ".timeout", "20000");
        Store store = Session.getInstance(properties).getStore(protocol);
        store.connect(settings.imapHost(), settings.imapPort(), settings.username(), settings.password());
        try {
            Folder folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            int read = 0;
            try {
                for (Message message : folder.getMessages()) {
                    if (message.isSet(Flags.Flag.DELETED)) {
                        continue;
                    }
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    String text = raw.toString(StandardCharsets.UTF_8);
                    String id = reportId(message, raw.toByteArray());
                    String outcome = bounces.apply(id, text);
                    // Stored and applied: the mailbox copy may go.
                    message.setFlag(Flags.Flag.DELETED, true);
                    read++;
                    log.info("bounce mailbox report read: report={} outcome={}", id, outcome);
                }
            } finally {
                folder.close(true);
            }
            return read;
        } finally {
            store.close();
        }
    }

    /** The report's Message-ID, else a digest of its bytes: the same report always gets the same id. */
    private static String reportId(Message message, byte[] raw) throws MessagingException {
        String id = message instanceof MimeMessage mime ? mime.getMessageID() : null;
        if (id != null && !id.isBlank() && id.length() <= 998) {
            return id.strip();
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
