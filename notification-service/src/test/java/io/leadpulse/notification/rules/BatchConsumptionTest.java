package io.leadpulse.notification.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Kafka poll is applied in one transaction (ADR 0017): the notifications of a batch are written
 * together, with exact unread counts, each event once, and a record that cannot be applied does
 * not take its neighbours down with it.
 */
class BatchConsumptionTest extends NotificationTestSupport {

    /** One key, sent without waiting: the records reach the consumer in few polls. */
    private void sendTogether(List<EventEnvelope> events) {
        events.forEach(e -> kafka.send(Topics.LEAD_EVENTS, e.subject(), codec.toJson(e)));
        kafka.flush();
    }

    @Test
    void eventsSentTogetherGiveOneNotificationEachWithExactUnreadCountsAndARedeliveryChangesNothing() throws Exception {
        UUID org = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        UUID lead = UUID.randomUUID();
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(codec.wrap(new LeadEvent.LeadBecameHot(org, lead, rep, 3 + i, 10, Instant.now()), null));
        }
        List<EventEnvelope> withRepeats = new ArrayList<>(events);
        withRepeats.add(10, events.get(3)); // the relay sent it twice: inside the same poll
        withRepeats.add(events.get(0)); // and once more at the end

        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES)) {
            sendTogether(withRepeats);
            awaitProcessed(events.toArray(EventEnvelope[]::new));
            assertThat(jdbc.sql("select count(*) from notification where user_id = ?")
                            .param(rep)
                            .query(Long.class)
                            .single())
                    .isEqualTo(40);
            await().until(() -> pushesTo(probe, rep).size() == 40);
            // each push carries the count right after its own insert: 1, 2, ... 40, whatever the batching
            assertThat(pushesTo(probe, rep).stream()
                            .map(m -> codec.mapper()
                                    .valueToTree(m.data())
                                    .get("unreadCount")
                                    .asLong())
                            .sorted()
                            .toList())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 40)
                            .boxed()
                            .toList());
        }
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndItsNeighboursAreApplied() throws Exception {
        UUID org = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        UUID lead = UUID.randomUUID();
        EventEnvelope before = codec.wrap(new LeadEvent.LeadBecameHot(org, lead, rep, 3, 10, Instant.now()), null);
        EventEnvelope after = codec.wrap(new LeadEvent.LeadBecameHot(org, lead, rep, 4, 10, Instant.now()), null);
        try (TopicProbe dlt = TopicProbe.subscribe(Topics.deadLetterOf(Topics.LEAD_EVENTS))) {
            kafka.send(Topics.LEAD_EVENTS, lead.toString(), codec.toJson(before));
            kafka.send(Topics.LEAD_EVENTS, lead.toString(), "{\"this is\": \"not an event\"");
            kafka.send(Topics.LEAD_EVENTS, lead.toString(), codec.toJson(after));
            kafka.flush();

            awaitProcessed(before, after);
            assertThat(dlt.awaitKey(Topics.deadLetterOf(Topics.LEAD_EVENTS), lead.toString())
                            .value())
                    .contains("not an event");
            assertThat(jdbc.sql("select count(*) from notification where user_id = ?")
                            .param(rep)
                            .query(Long.class)
                            .single())
                    .isEqualTo(2);
        }
    }

    private List<RealtimeMessage> pushesTo(TopicProbe probe, UUID user) {
        return probe.seen().stream()
                .map(r -> codec.read(r.value(), RealtimeMessage.class))
                .filter(m -> m.channels().contains("private-user-" + user))
                .filter(m -> m.event().equals("notification.created"))
                .toList();
    }
}
