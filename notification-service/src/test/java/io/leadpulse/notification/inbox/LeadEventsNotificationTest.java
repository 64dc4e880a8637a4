package io.leadpulse.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.ServiceConventions;
import io.leadpulse.platform.test.TestJwtIssuer;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeadEventsNotificationTest extends NotificationTestSupport implements ServiceConventions {

    @Override
    public int port() {
        return port;
    }

    @Override
    public String unknownApiPath() {
        return "/api/notifications/nothing-here";
    }

    @Test
    void tellsTheAssigneeOfALeadSomeoneElseAssignedOnceEvenWhenTheEventIsDeliveredTwice() throws Exception {
        UUID org = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        EventEnvelope event = codec.wrap(leadCreated(org, rep, admin), null);

        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES)) {
            kafka.send(Topics.LEAD_EVENTS, event.subject(), codec.toJson(event)).get();
            kafka.send(Topics.LEAD_EVENTS, event.subject(), codec.toJson(event)).get();
            EventEnvelope marker = codec.wrap(leadCreated(org, rep, admin), null);
            kafka.send(Topics.LEAD_EVENTS, marker.subject(), codec.toJson(marker))
                    .get();

            String repToken = TestJwtIssuer.get().token(rep, org, "REP");
            await().until(() -> page(repToken).json().get("items").size() == 2);
            ApiClient.Response page = page(repToken);
            assertThat(page.json().get("unreadCount").asLong()).isEqualTo(2);
            assertThat(page.json().get("items").get(1).get("title").asString())
                    .isEqualTo("New lead assigned to you: Ada Lovelace");
            assertThat(jdbc.sql("select count(*) from notification where source_event_id = ?")
                            .param(event.id())
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);

            RealtimeMessage pushed = codec.read(
                    probe.await(Topics.REALTIME_MESSAGES, r -> r.value().contains(event.subject()))
                            .value(),
                    RealtimeMessage.class);
            assertThat(pushed.channels()).containsExactly("private-user-" + rep);
            assertThat(pushed.event()).isEqualTo("notification.created");
        }
    }

    @Test
    void nobodyElseSeesThoseNotifications() throws Exception {
        UUID org = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        EventEnvelope event = codec.wrap(leadCreated(org, rep, UUID.randomUUID()), null);
        kafka.send(Topics.LEAD_EVENTS, event.subject(), codec.toJson(event)).get();
        await().until(() -> page(TestJwtIssuer.get().token(rep, org, "REP"))
                        .json()
                        .get("items")
                        .size()
                == 1);

        String colleague = TestJwtIssuer.get().token(UUID.randomUUID(), org, "ADMIN");
        String sameUserIdOtherOrg = TestJwtIssuer.get().token(rep, UUID.randomUUID(), "REP");

        assertThat(page(colleague).json().get("items").size()).isZero();
        assertThat(page(sameUserIdOtherOrg).json().get("items").size()).isZero();
        assertThat(page(null).status()).isEqualTo(401);
    }

    @Test
    void aRepCreatingItsOwnLeadIsNotNotified() throws Exception {
        UUID org = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        EventEnvelope own = codec.wrap(leadCreated(org, rep, rep), null);
        EventEnvelope assigned = codec.wrap(leadCreated(org, rep, UUID.randomUUID()), null);

        kafka.send(Topics.LEAD_EVENTS, own.subject(), codec.toJson(own)).get();
        kafka.send(Topics.LEAD_EVENTS, assigned.subject(), codec.toJson(assigned))
                .get();

        String token = TestJwtIssuer.get().token(rep, org, "REP");
        await().until(() -> page(token).json().get("items").size() == 1);
        assertThat(page(token).json().get("items").get(0).get("subjectId").asString())
                .isEqualTo(assigned.subject());
    }

    @Test
    void skipsEventTypesItDoesNotKnowWithoutDeadLettering() throws Exception {
        UUID org = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        EventEnvelope known = codec.wrap(leadCreated(org, rep, UUID.randomUUID()), null);
        EventEnvelope future = new EventEnvelope(
                UUID.randomUUID(), "lead.teleported", 1, Instant.now(), org, known.subject(), null, known.data());

        kafka.send(Topics.LEAD_EVENTS, future.subject(), codec.toJson(future)).get();
        kafka.send(Topics.LEAD_EVENTS, known.subject(), codec.toJson(known)).get();

        String token = TestJwtIssuer.get().token(rep, org, "REP");
        await().until(() -> page(token).json().get("items").size() == 1);
        try (TopicProbe dlt = TopicProbe.subscribe(Topics.deadLetterOf(Topics.LEAD_EVENTS))) {
            assertThat(dlt.seen()).noneMatch(r -> future.subject().equals(r.key()));
        }
    }

    private ApiClient.Response page(String token) {
        return ApiClient.onLocalPort(port).get("/api/notifications", token);
    }

    private static LeadEvent.LeadCreated leadCreated(UUID org, UUID assignee, UUID createdBy) {
        return new LeadEvent.LeadCreated(
                org,
                UUID.randomUUID(),
                "Ada",
                "Lovelace",
                "ada-" + UUID.randomUUID() + "@example.test",
                null,
                "Analytical Engines",
                "NEW",
                assignee,
                List.of(),
                "api",
                createdBy,
                Instant.now());
    }
}
