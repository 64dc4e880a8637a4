package io.leadpulse.notification.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.Topics;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Email through Spring Mail to a real SMTP server (GreenMail), only when the person asked for it. */
class EmailPreferenceTest extends NotificationTestSupport {

    @Test
    void emailsThePersonWhoTurnedEmailOnOnceEvenWhenTheEventIsRedelivered() throws Exception {
        UUID org = UUID.randomUUID();
        UUID wantsMail = user(org, "REP", true);
        UUID inAppOnly = user(org, "REP", true);
        assertThat(put(
                                "/api/notifications/preferences",
                                token(wantsMail, org, "REP"),
                                "{\"preferences\":[{\"type\":\"deal.won\",\"email\":true}]}")
                        .status())
                .isEqualTo(200);

        EventEnvelope won = send(new LeadEvent.LeadStatusChanged(
                org,
                UUID.randomUUID(),
                "REPLIED",
                "WON",
                wantsMail,
                wantsMail,
                "signed the yearly plan",
                Instant.now()));
        send(Topics.LEAD_EVENTS, won);
        awaitProcessed(won);

        await().until(() -> to(wantsMail + "@example.test").size() == 1);
        MimeMessage mail = to(wantsMail + "@example.test").getFirst();
        assertThat(mail.getSubject()).isEqualTo("A deal was won");
        assertThat(mail.getContent().toString()).contains("signed the yearly plan");
        assertThat(types(wantsMail, org)).containsExactly("deal.won");
        assertThat(types(inAppOnly, org)).containsExactly("deal.won");
        await().until(() ->
                jdbc.sql("select count(*) from email_delivery where source_event_id = ? and sent_at is not null")
                                .param(won.id())
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(to(inAppOnly + "@example.test")).isEmpty();
        assertThat(to(wantsMail + "@example.test")).hasSize(1);
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(a -> a.toString().equals(address));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
