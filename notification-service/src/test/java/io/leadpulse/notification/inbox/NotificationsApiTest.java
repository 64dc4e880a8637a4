package io.leadpulse.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NotificationsApiTest extends NotificationTestSupport {

    @Test
    void pagesWithACursorFiltersUnreadAndRefusesACursorItDidNotIssue() {
        UUID org = UUID.randomUUID();
        UUID rep = user(org, "REP", true);
        for (int i = 1; i <= 5; i++) {
            send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, i, 10, Instant.now()));
        }
        await().until(() -> items(rep, org).size() == 5);
        String token = token(rep, org, "REP");

        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = api().get("/api/notifications?limit=2&cursor=" + cursor, token)
                    .json();
            page.get("items").forEach(n -> seen.add(n.get("id").asString()));
            assertThat(page.get("unreadCount").asLong()).isEqualTo(5);
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .containsExactlyElementsOf(items(rep, org)
                        .valueStream()
                        .map(n -> n.get("id").asString())
                        .toList());

        for (String bad : List.of("not-a-cursor", "djE6MTIzOnh5eg", "%20")) {
            ApiClient.Response refused = api().get("/api/notifications?cursor=" + bad, token);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("\"field\":\"cursor\"");
        }
        assertThat(api().get("/api/notifications?limit=0", token).status()).isEqualTo(400);
    }

    @Test
    void marksOneOrAllReadAndPushesEachChangeWithTheNewUnreadCount() {
        UUID org = UUID.randomUUID();
        UUID rep = user(org, "REP", true);
        UUID colleague = user(org, "REP", true);
        for (int i = 0; i < 3; i++) {
            send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, 5, 10, Instant.now()));
        }
        await().until(() -> items(rep, org).size() == 3);
        String token = token(rep, org, "REP");
        String first = items(rep, org).get(0).get("id").asString();

        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES)) {
            assertThat(api().post("/api/notifications/" + first + "/read", token(colleague, org, "REP"), "")
                            .status())
                    .isEqualTo(404);
            assertThat(api().post("/api/notifications/" + first + "/read", token(rep, UUID.randomUUID(), "REP"), "")
                            .status())
                    .isEqualTo(404);
            ApiClient.Response read = api().post("/api/notifications/" + first + "/read", token, "");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("readAt").isNull()).isFalse();
            assertThat(api().get("/api/notifications/unread-count", token)
                            .json()
                            .get("unreadCount")
                            .asLong())
                    .isEqualTo(2);
            RealtimeMessage pushed = codec.read(
                    probe.await(
                                    Topics.REALTIME_MESSAGES,
                                    r -> r.value().contains("notification.read")
                                            && r.value().contains(first))
                            .value(),
                    RealtimeMessage.class);
            assertThat(pushed.channels()).containsExactly("private-user-" + rep);
            assertThat(codec.mapper()
                            .valueToTree(pushed.data())
                            .get("unreadCount")
                            .asLong())
                    .isEqualTo(2);

            assertThat(api().get("/api/notifications?unreadOnly=true", token)
                            .json()
                            .get("items")
                            .size())
                    .isEqualTo(2);
            ApiClient.Response all = api().post("/api/notifications/read-all", token, "");
            assertThat(all.json().get("marked").asInt()).isEqualTo(2);
            assertThat(all.json().get("unreadCount").asLong()).isZero();
            probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains("notification.all_read")
                            && r.value().contains("private-user-" + rep));
        }
        assertThat(api().get("/api/notifications/unread-count", token(colleague, org, "REP"))
                        .json()
                        .get("unreadCount")
                        .asLong())
                .isZero();
    }

    @Test
    void fiveViewsOfOnePreviewBecomeOneNotificationThatSaysFiveAndARedeliveryCountsNothing() {
        UUID org = UUID.randomUUID();
        UUID rep = user(org, "REP", true);
        UUID lead = UUID.randomUUID();
        List<EventEnvelope> views = new ArrayList<>();
        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES)) {
            for (int i = 1; i <= 5; i++) {
                views.add(send(new LeadEvent.PreviewEngaged(org, lead, rep, "VIEW", i, 0.1 * i, Instant.now())));
            }
            send(Topics.LEAD_EVENTS, views.get(2)); // redelivered
            EventEnvelope click = send(new LeadEvent.PreviewEngaged(org, lead, rep, "CTA_CLICK", 5, 1, Instant.now()));
            awaitProcessed(click);

            JsonNode items = items(rep, org);
            assertThat(items.size()).isEqualTo(2);
            JsonNode viewed = items.valueStream()
                    .filter(n -> n.get("title").asString().contains("viewed"))
                    .findFirst()
                    .orElseThrow();
            assertThat(viewed.get("title").asString()).isEqualTo("A lead viewed its preview 5 times");
            assertThat(viewed.get("count").asInt()).isEqualTo(5);
            probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains("notification.updated") && r.value().contains("5 times"));

            // once read, the next view starts a new notification
            api().post("/api/notifications/" + viewed.get("id").asString() + "/read", token(rep, org, "REP"), "");
            awaitProcessed(send(new LeadEvent.PreviewEngaged(org, lead, rep, "VIEW", 6, 1, Instant.now())));
            assertThat(items(rep, org).get(0).get("title").asString()).isEqualTo("A lead viewed its preview");
        }
    }
}
