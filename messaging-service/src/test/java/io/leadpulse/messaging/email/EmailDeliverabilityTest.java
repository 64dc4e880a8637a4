package io.leadpulse.messaging.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * F12 beyond plain SMTP: open and click tracking, bounce and complaint reports read from the
 * bounce mailbox over IMAP (GreenMail), and the warm-up's daily caps.
 */
class EmailDeliverabilityTest extends MessagingServiceTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final UUID org = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Test
    void opensAndClicksAreRecordedOncePerMessageAndOnlySignedLinksRedirect() throws Exception {
        UUID lead = createLead(org, rep, phone());
        String id = sendEmail(lead, "Our deck: https://example.test/deck?a=1&b=2 and see you.");
        MimeMessage mail = awaitReceived(id);
        String html = htmlOf(mail);
        assertThat(html).contains("https://example.test/deck?a=1&amp;b=2</a>");
        String pixel = find(html, "src=\"" + Pattern.quote(TRACKING_BASE) + "(/t/o/[^\"]+)\"");
        String click = find(html, "href=\"" + Pattern.quote(TRACKING_BASE) + "(/t/c/[^\"]+)\"");

        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS)) {
            HttpResponse<byte[]> opened = get(pixel);
            assertThat(opened.statusCode()).isEqualTo(200);
            assertThat(opened.headers().firstValue("Content-Type")).hasValue("image/gif");
            assertThat(get(pixel).statusCode()).isEqualTo(200);

            HttpResponse<byte[]> clicked = get(click.replace("&amp;", "&"));
            assertThat(clicked.statusCode()).isEqualTo(302);
            assertThat(clicked.headers().firstValue("Location")).hasValue("https://example.test/deck?a=1&b=2");
            assertThat(get(click.replace("&amp;", "&")).statusCode()).isEqualTo(302);

            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> r.value().contains("email.clicked") && r.value().contains(id));
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> r.value().contains("email.opened") && r.value().contains(lead.toString()));
        }
        assertThat(jdbc.sql("select kind from email_tracking where message_id = ?")
                        .param(UUID.fromString(id))
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder("open", "click");

        // Forgeries: another target under the same signature, a made-up token, an open token as a click.
        String token = click.substring("/t/c/".length()).replace("&amp;", "&");
        String signature = token.substring(token.indexOf('.') + 1);
        String evil = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("c|" + id + "|https://evil.test/").getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> forged = get("/t/c/" + evil + "." + signature);
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.headers().firstValue("Location")).isEmpty();
        assertThat(get("/t/c/bm90LWEtdG9rZW4.c2lnbmF0dXJl").statusCode()).isEqualTo(404);
        String openToken = pixel.substring("/t/o/".length(), pixel.length() - ".gif".length());
        assertThat(get("/t/c/" + openToken).statusCode()).isEqualTo(404);
    }

    @Test
    void aHardBounceFromTheBounceMailboxSuppressesTheAddressOnce() throws Exception {
        UUID lead = createLead(org, rep, phone());
        String address = "ada-" + lead + "@example.test";
        String id = sendEmail(lead, "Hello there.");
        awaitSent(id);

        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS)) {
            String reportId = "<dsn-" + UUID.randomUUID() + "@mx.example.test>";
            deliverReport(dsn(reportId, address, id, "failed", "5.1.1"));
            await().until(() -> "UNDELIVERED".equals(status(id)));
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> r.value().contains("email.bounced") && r.value().contains("\"HARD\""));
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> r.value().contains("contact.opted_out") && r.value().contains(lead.toString()));
            ApiClient.Response refused = api().postJson(
                            "/api/messages",
                            token(rep, org, "REP"),
                            Map.of("leadId", lead, "channel", "EMAIL", "subject", "Again", "body", "Hi"));
            assertThat(refused.status()).isEqualTo(409);

            // The same report again (a mailbox not cleaned after a crash) changes nothing.
            deliverReport(dsn(reportId, address, id, "failed", "5.1.1"));
            await().until(() -> SMTP.getReceivedMessagesForDomain(BOUNCE_MAILBOX).length == 0 || mailboxEmpty());
            await().until(this::mailboxEmpty);
            assertThat(jdbc.sql("select count(*) from email_report where report_id = ?")
                            .param(reportId)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
        // A report naming no message of ours is kept and changes nothing.
        String unknown = "<dsn-" + UUID.randomUUID() + "@mx.example.test>";
        deliverReport(dsn(unknown, "nobody@example.test", UUID.randomUUID().toString(), "failed", "5.1.1"));
        await().until(() -> "unmatched"
                .equals(jdbc.sql("select outcome from email_report where report_id = ?")
                        .param(unknown)
                        .query(String.class)
                        .optional()
                        .orElse(null)));
    }

    @Test
    void aSoftBounceIsSentAgainTheNextDayUpToTheLimit() throws Exception {
        UUID lead = createLead(org, rep, phone());
        String address = "ada-" + lead + "@example.test";
        String first = sendEmail(lead, "Mailbox full?");
        awaitSent(first);

        Instant bouncedAt = clock.instant();
        deliverReport(dsn("<soft-1-" + first + "@mx>", address, first, "failed", "4.2.2"));
        await().until(() -> outbound(lead).size() == 2);
        JsonNode retry = outbound(lead).getFirst();
        assertThat(Instant.parse(retry.get("sendAfter").asString()))
                .isAfter(bouncedAt.plus(Duration.ofHours(23)))
                .isBefore(clock.instant().plus(Duration.ofHours(25)));
        assertThat(status(first)).isEqualTo("UNDELIVERED");

        // A delay notice is not a bounce.
        deliverReport(dsn("<delayed-" + first + "@mx>", address, first, "delayed", "4.4.7"));
        String second = retry.get("id").asString();
        deliverReport(dsn("<soft-2-" + first + "@mx>", address, second, "failed", "4.2.2"));
        await().until(() -> outbound(lead).size() == 3);
        String third = outbound(lead).getFirst().get("id").asString();
        deliverReport(dsn("<soft-3-" + first + "@mx>", address, third, "failed", "4.2.2"));
        await().until(() -> "UNDELIVERED".equals(status(third)));
        await().until(this::mailboxEmpty);
        assertThat(outbound(lead)).hasSize(3);
        assertThat(jdbc.sql("select outcome from email_report where report_id = ?")
                        .param("<delayed-" + first + "@mx>")
                        .query(String.class)
                        .single())
                .isEqualTo("ignored");
    }

    @Test
    void aComplaintSuppressesTheAddressForGood() throws Exception {
        UUID lead = createLead(org, rep, phone());
        String address = "ada-" + lead + "@example.test";
        String id = sendEmail(lead, "Special offer.");
        awaitSent(id);

        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS)) {
            deliverReport(arf("<arf-" + id + "@fbl.example.test>", address, id));
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> r.value().contains("email.complained") && r.value().contains(id));
        }
        assertThat(jdbc.sql("select reason from suppression where org_id = ? and address = ?")
                        .params(org, address)
                        .query(String.class)
                        .single())
                .isEqualTo("COMPLAINT");
    }

    @Test
    void aSenderOverItsWarmUpCapWaitsForTheNextDay() throws Exception {
        String sender = "LeadPulse <outreach@leadpulse.test>";
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // Day 1 of the ramp (cap 50), 49 sent today: one more may go, the next waits.
        jdbc.sql("""
                        insert into email_sender (sender, first_day, day, sent) values (?, ?, ?, 49)
                        on conflict (sender) do update set first_day = excluded.first_day, day = excluded.day,
                            sent = excluded.sent
                        """).params(sender, today.minusDays(1), today).update();
        UUID lead = createLead(org, rep, phone());
        String first = sendEmail(lead, "One.");
        awaitReceived(first);
        String second = sendEmail(lead, "Two.");

        Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        await().until(() -> midnight.toString()
                        .equals(message(second).get("sendAfter").asString())
                || Instant.parse(message(second).get("sendAfter").asString()).equals(midnight));
        JsonNode waiting = message(second);
        assertThat(Duration.between(
                        Instant.parse(waiting.get("sendAfter").asString()),
                        Instant.parse(waiting.get("expiresAt").asString())))
                .isEqualTo(Duration.ofHours(4));
        assertThat(status(second)).isEqualTo("QUEUED");

        clock.advance(Duration.between(clock.instant(), midnight).plusSeconds(1));
        awaitReceived(second);
        assertThat(jdbc.sql("select sent from email_sender where sender = ?")
                        .param(sender)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    private String sendEmail(UUID lead, String body) {
        ApiClient.Response sent = api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of("leadId", lead, "channel", "EMAIL", "subject", "Hello", "body", body));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        return sent.json().get("id").asString();
    }

    private JsonNode message(String id) {
        return api().get("/api/messages/" + id, token(rep, org, "REP")).json();
    }

    private String status(String id) {
        return message(id).get("status").asString();
    }

    private List<JsonNode> outbound(UUID lead) {
        return api().get("/api/messages?leadId=" + lead, token(rep, org, "REP"))
                .json()
                .get("items")
                .valueStream()
                .filter(m -> m.get("direction").asString().equals("OUTBOUND"))
                .toList();
    }

    /**
     * In the mailbox and recorded SENT: the sender records SENT after the SMTP server took the mail, and
     * these tests follow a message from SENT to its bounce.
     */
    private void awaitSent(String messageId) {
        awaitReceived(messageId);
        await().until(() -> "SENT".equals(status(messageId)));
    }

    private static MimeMessage awaitReceived(String messageId) {
        return await().until(
                        () -> Arrays.stream(SMTP.getReceivedMessages())
                                .filter(m -> {
                                    try {
                                        String[] header = m.getHeader("X-LeadPulse-Message-Id");
                                        return header != null && header[0].equals(messageId);
                                    } catch (Exception e) {
                                        return false;
                                    }
                                })
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private boolean mailboxEmpty() throws Exception {
        return SMTP.getManagers()
                .getImapHostManager()
                .getInbox(SMTP.getManagers().getUserManager().getUser(BOUNCE_MAILBOX))
                .getNonDeletedMessages()
                .isEmpty();
    }

    private static String htmlOf(MimeMessage mail) throws Exception {
        return findHtml((MimeMultipart) mail.getContent());
    }

    private static String findHtml(MimeMultipart multipart) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.isMimeType("text/html")) {
                return part.getContent().toString();
            }
            if (part.getContent() instanceof MimeMultipart nested) {
                String html = findHtml(nested);
                if (html != null) {
                    return html;
                }
            }
        }
        return null;
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in " + text).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends a report to the bounce mailbox through GreenMail's SMTP server, as a receiving MTA would. */
    private static void deliverReport(String raw) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(SMTP.getSmtp().getPort()));
        Session session = Session.getInstance(properties);
        MimeMessage report = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))) {
            @Override
            protected void updateMessageID() {
                // keep the reporting MTA's Message-ID: redelivery of one report is the case under test
            }
        };
        Transport.send(report, new InternetAddress[] {new InternetAddress(BOUNCE_MAILBOX)});
    }

    /** A delivery status notification (RFC 3464) quoting our message's headers. */
    private static String dsn(String reportId, String recipient, String messageId, String action, String status) {
        return """
                From: Mail Delivery System <MAILER-DAEMON@mx.example.test>
                To: bounces@leadpulse.test
                Subject: Undelivered Mail Returned to Sender
                Message-ID: %1$s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status;
                \tboundary="BOUNDARY"

                --BOUNDARY
                Content-Type: text/plain; charset=us-ascii

                I'm sorry to have to inform you that your message could not be delivered.

                --BOUNDARY
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.test
                Arrival-Date: Mon, 23 Nov 2026 07:00:00 +0000

                Final-Recipient: rfc822; %2$s
                Original-Recipient: rfc822;%2$s
                Action: %4$s
                Status: %5$s
                Diagnostic-Code: smtp; 550 %5$s mailbox problem

                --BOUNDARY
                Content-Type: text/rfc822-headers

                From: LeadPulse <outreach@leadpulse.test>
                To: %2$s
                Subject: Hello
                X-LeadPulse-Message-Id: %3$s

                --BOUNDARY--
                """.formatted(reportId, recipient, messageId, action, status).replace("\n", "\r\n");
    }

    /** An abuse feedback report (ARF, RFC 5965) quoting our message. */
    private static String arf(String reportId, String recipient, String messageId) {
        return """
                From: Feedback Loop <fbl@fbl.example.test>
                To: bounces@leadpulse.test
                Subject: Abuse report
                Message-ID: %1$s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"

                --ARF
                Content-Type: text/plain

                This is an email abuse report.

                --ARF
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: FBL/1.0
                Version: 1
                Original-Rcpt-To: %2$s

                --ARF
                Content-Type: message/rfc822

                From: LeadPulse <outreach@leadpulse.test>
                To: %2$s
                Subject: Special offer
                X-LeadPulse-Message-Id: %3$s

                Special offer.
                --ARF--
                """.formatted(reportId, recipient, messageId).replace("\n", "\r\n");
    }
}
