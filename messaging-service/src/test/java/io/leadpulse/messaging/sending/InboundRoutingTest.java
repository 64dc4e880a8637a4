package io.leadpulse.messaging.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.test.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Inbound messages never cross organisations: our numbers are shared, leads' numbers may be too. */
class InboundRoutingTest extends MessagingServiceTestSupport {

    private static final String OUR_NUMBER = "+15005550006";

    private final UUID orgA = UUID.randomUUID();
    private final UUID orgB = UUID.randomUUID();
    private final UUID repA = UUID.randomUUID();
    private final UUID repB = UUID.randomUUID();

    @Test
    void aReplyGoesToTheOrganisationThatLastWroteToTheNumber() {
        String phone = phone();
        UUID leadA = createLead(orgA, repA, phone);
        UUID leadB = createLead(orgB, repB, phone);

        // Both organisations know the number and neither wrote to it: nobody gets the message.
        String unmatched = inbound(phone, "Who is this?");
        await().until(() -> "unmatched".equals(outcome(unmatched)));
        assertThat(inboundCount(orgA, repA, leadA)).isZero();
        assertThat(inboundCount(orgB, repB, leadB)).isZero();

        assertThat(api().postJson(
                                "/api/messages",
                                token(repB, orgB, "REP"),
                                Map.of("leadId", leadB, "channel", "SMS", "body", "Hi from B"))
                        .status())
                .isEqualTo(202);
        inbound(phone, "Hi B");
        await().until(() -> inboundCount(orgB, repB, leadB) == 1);

        assertThat(api().postJson(
                                "/api/messages",
                                token(repA, orgA, "REP"),
                                Map.of("leadId", leadA, "channel", "SMS", "body", "Hi from A"))
                        .status())
                .isEqualTo(202);
        inbound(phone, "Hi A");
        await().until(() -> inboundCount(orgA, repA, leadA) == 1);
        assertThat(inboundCount(orgB, repB, leadB)).isEqualTo(1);
    }

    private String inbound(String phone, String body) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("From", phone);
        params.put("To", OUR_NUMBER);
        params.put("Body", body);
        assertThat(postTwilio("/webhooks/twilio/inbound", params).status()).isEqualTo(200);
        return sid;
    }

    private String outcome(String sid) {
        return jdbc.sql("select outcome from twilio_webhook where message_sid = ?")
                .param(sid)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private long inboundCount(UUID org, UUID rep, UUID lead) {
        ApiClient.Response messages = api().get("/api/messages?leadId=" + lead, token(rep, org, "REP"));
        return messages.json()
                .get("items")
                .valueStream()
                .filter(m -> m.get("direction").asString().equals("INBOUND"))
                .count();
    }
}
