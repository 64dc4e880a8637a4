package io.leadpulse.messaging.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConversationsTest extends MessagingServiceTestSupport {

    private final UUID org = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();
    private final UUID otherRep = UUID.randomUUID();

    @Test
    void oneConversationPerLeadAndChannelCountsUnreadRepliesUntilRead() {
        String phone = phone();
        UUID lead = createLead(org, rep, phone);
        assertThat(api().postJson(
                                "/api/messages",
                                token(rep, org, "REP"),
                                Map.of("leadId", lead, "channel", "SMS", "body", "Shall we talk on Friday?"))
                        .status())
                .isEqualTo(202);
        inbound(phone, "Yes, Friday works");
        inbound(phone, "Morning please");

        await().until(() -> unread(conversation(token(rep, org, "REP"), lead)) == 2);
        JsonNode page = api().get("/api/conversations", token(rep, org, "REP")).json();
        JsonNode conversation = conversation(token(rep, org, "REP"), lead);
        assertThat(page.get("unreadTotal").asLong()).isEqualTo(2);
        assertThat(conversation.get("channel").asString()).isEqualTo("SMS");
        assertThat(conversation.get("leadName").asString()).isEqualTo("Ada Lovelace");
        assertThat(conversation.get("lastDirection").asString()).isEqualTo("INBOUND");
        assertThat(page.get("items")
                        .valueStream()
                        .filter(c -> c.get("leadId").asString().equals(lead.toString()))
                        .count())
                .isEqualTo(1);

        String id = conversation.get("id").asString();
        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES, Topics.MESSAGING_EVENTS)) {
            ApiClient.Response read = api().post("/api/conversations/" + id + "/read", token(rep, org, "REP"), "");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("unreadCount").asInt()).isZero();
            RealtimeMessage receipt = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("\"conversation.read\"")
                                            && r.value().contains(id))
                            .value(),
                    RealtimeMessage.class);
            assertThat(receipt.channels())
                    .containsExactlyInAnyOrder(RealtimeMessage.Channels.lead(lead), RealtimeMessage.Channels.user(rep));
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> lead.toString().equals(r.key()) && r.value().contains("conversation.read"));
        }
        assertThat(unread(conversation(token(rep, org, "REP"), lead))).isZero();
        assertThat(api().get("/api/conversations", token(rep, org, "REP"))
                        .json()
                        .get("unreadTotal")
                        .asLong())
                .isZero();
    }

    @Test
    void searchFindsByNameAndByWhatWasSaidAndRepsSeeOnlyTheirLeads() {
        String phone = phone();
        UUID lead = createLead(org, rep, phone);
        String word = "pineapple" + UUID.randomUUID().toString().substring(0, 8);
        inbound(phone, "Do you deliver " + word + "?");
        await().until(() -> conversation(token(admin, org, "ADMIN"), lead) != null);

        assertThat(search(token(rep, org, "REP"), word)).contains(lead.toString());
        assertThat(search(token(admin, org, "ADMIN"), word)).contains(lead.toString());
        assertThat(search(token(rep, org, "REP"), "Lovelace")).contains(lead.toString());
        assertThat(search(token(rep, org, "REP"), "nobody-says-this")).doesNotContain(lead.toString());
        assertThat(search(token(otherRep, org, "REP"), word)).doesNotContain(lead.toString());
        assertThat(search(token(admin, UUID.randomUUID(), "ADMIN"), word)).doesNotContain(lead.toString());

        String id = conversation(token(admin, org, "ADMIN"), lead).get("id").asString();
        assertThat(api().post("/api/conversations/" + id + "/read", token(otherRep, org, "REP"), "")
                        .status())
                .isEqualTo(404);
        assertThat(api().post("/api/conversations/" + id + "/read", token(admin, UUID.randomUUID(), "ADMIN"), "")
                        .status())
                .isEqualTo(404);
    }

    private String search(String token, String q) {
        return api().get("/api/conversations?q=" + q, token).body();
    }

    private JsonNode conversation(String token, UUID lead) {
        return api().get("/api/conversations?limit=200", token)
                .json()
                .get("items")
                .valueStream()
                .filter(c -> c.get("leadId").asString().equals(lead.toString()))
                .findFirst()
                .orElse(null);
    }

    private static int unread(JsonNode conversation) {
        return conversation == null ? -1 : conversation.get("unreadCount").asInt();
    }

    private void inbound(String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        params.put("From", from);
        params.put("To", "+15005550006");
        params.put("Body", body);
        assertThat(postTwilio("/webhooks/twilio/inbound", params).status()).isEqualTo(200);
    }
}
