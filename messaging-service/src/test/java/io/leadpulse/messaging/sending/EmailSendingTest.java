package io.leadpulse.messaging.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.test.ApiClient;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmailSendingTest extends MessagingServiceTestSupport {

    private final UUID org = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Test
    void sendsAnEmailThroughSmtpWithItsSubjectAndTheLeadsAddress() throws Exception {
        UUID lead = createLead(org, rep, phone());
        String address = "ada-" + lead + "@example.test";

        ApiClient.Response sent = api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of(
                                "leadId",
                                lead,
                                "channel",
                                "EMAIL",
                                "subject",
                                "Your quote",
                                "template",
                                "Dear {{firstName}}, here it is."));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String id = sent.json().get("id").asString();

        await().until(() -> received(address) != null);
        MimeMessage mail = received(address);
        assertThat(mail.getSubject()).isEqualTo("Your quote");
        assertThat(textOf(mail.getContent()).strip()).isEqualTo("Dear Ada, here it is.");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("LeadPulse <outreach@leadpulse.test>");
        assertThat(mail.getHeader("X-LeadPulse-Message-Id")[0]).isEqualTo(id);

        await().until(() -> "SENT"
                .equals(api().get("/api/messages/" + id, token(rep, org, "REP"))
                        .json()
                        .get("status")
                        .asString()));
    }

    @Test
    void anEmailNeedsASubject() {
        UUID lead = createLead(org, rep, phone());
        ApiClient.Response refused = api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of("leadId", lead, "channel", "EMAIL", "body", "hi"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("subject");
    }

    /** The text/plain part (the HTML alternative carries the tracking: EmailDeliverabilityTest). */
    private static String textOf(Object content) throws Exception {
        if (content instanceof jakarta.mail.internet.MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return part.getContent().toString();
                }
                String nested = textOf(part.getContent());
                if (nested != null) {
                    return nested;
                }
            }
            return null;
        }
        return content instanceof String ? null : null;
    }

    private static MimeMessage received(String address) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getRecipients(RecipientType.TO)[0].toString().equals(address);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst()
                .orElse(null);
    }
}
