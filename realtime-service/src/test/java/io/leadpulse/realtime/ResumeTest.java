package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.platform.events.RealtimeMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Beyond Pusher: a client that comes back with its last position gets what it missed, in order,
 * then live messages; or an explicit {@code leadpulse:resync} when history no longer has the gap.
 */
class ResumeTest extends RealtimeTestBase {

    private final UUID org = UUID.randomUUID();
    private final String channel = "public-resume-" + UUID.randomUUID();

    @Test
    void resumingWithTheLastPositionReplaysWhatWasMissedInOrderThenGoesLive() {
        String last = seeTwoMessagesThenLeave();
        publish(message(org, channel, "m", Map.of("n", 3)));
        publish(message(org, channel, "m", Map.of("n", 4)));

        try (RawClient back = RawClient.established(port)) {
            back.send(Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel, "resume_from", last)));
            JsonNode resumed = back.awaitEvent("leadpulse:resumed", channel);
            assertThat(RawClient.data(resumed).get("replayed").asInt()).isEqualTo(2);
            publish(message(org, channel, "m", Map.of("n", 5)));
            await().until(() -> back.events("m").size() == 3);

            assertThat(numbers(back)).containsExactly(3, 4, 5);
            List<String> order = back.frames.stream()
                    .map(frame -> frame.get("event").asString())
                    .toList();
            assertThat(order)
                    .containsSubsequence("pusher_internal:subscription_succeeded", "m", "m", "leadpulse:resumed", "m");
        }
    }

    @Test
    void aPusherJsStyleClientResumesWithAnEventSentBeforeItSubscribes() {
        String last = seeTwoMessagesThenLeave();
        publish(message(org, channel, "m", Map.of("n", 3)));

        try (RawClient back = RawClient.established(port)) {
            back.send(Map.of("event", "leadpulse:resume", "data", Map.of("channel", channel, "position", last)));
            back.send(subscribe(channel));
            back.awaitEvent("leadpulse:resumed", channel);

            assertThat(numbers(back)).containsExactly(3);
        }
    }

    @Test
    void aResumeAfterSubscribingSendsOnlyWhatCameBeforeTheSubscription() {
        String last = seeTwoMessagesThenLeave();
        publish(message(org, channel, "m", Map.of("n", 3)));

        try (RawClient back = RawClient.established(port)) {
            back.send(subscribe(channel));
            back.awaitEvent("pusher_internal:subscription_succeeded", channel);
            publish(message(org, channel, "m", Map.of("n", 4)));
            await().until(() -> back.events("m").size() == 1);
            back.send(Map.of("event", "leadpulse:resume", "data", Map.of("channel", channel, "position", last)));
            back.awaitEvent("leadpulse:resumed", channel);

            assertThat(numbers(back)).containsExactly(4, 3);
        }
    }

    @Test
    void aPositionFromAnotherTopicIncarnationOrGarbageGetsAResyncNotSilence() {
        for (String position : new String[] {"zzzzzzzz:0,0,0", "garbage", "zzzzzzzz:1"}) {
            try (RawClient client = RawClient.established(port)) {
                client.send(Map.of(
                        "event", "pusher:subscribe", "data", Map.of("channel", channel, "resume_from", position)));
                JsonNode resync = client.awaitEvent("leadpulse:resync", channel);
                assertThat(RawClient.data(resync).get("position").asString()).contains(":");
            }
        }
    }

    @Test
    void aGapLargerThanTheChannelHistoryGetsAResync() throws Exception {
        String last = seeTwoMessagesThenLeave();
        for (int i = 0; i < 101; i++) {
            publishAsync(message(org, channel, "m", Map.of("n", 100 + i)));
        }
        flush();

        try (RawClient late = RawClient.established(port);
                RawClient watcher = RawClient.established(port)) {
            watcher.send(subscribe(channel));
            watcher.awaitEvent("pusher_internal:subscription_succeeded", channel);
            publish(message(org, channel, "marker", Map.of()));
            watcher.awaitEvent("marker", channel);

            late.send(Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel, "resume_from", last)));
            late.awaitEvent("leadpulse:resync", channel);
            assertThat(late.events("m")).isEmpty();
        }
    }

    @Test
    void aClientThatCannotSeeTopLevelFieldsGetsThePositionInsideObjectData() {
        try (RawClient client = RawClient.established(port)) {
            client.send(Map.of("event", "leadpulse:options", "data", Map.of("position_in_data", true)));
            client.send(subscribe(channel));
            client.awaitEvent("pusher_internal:subscription_succeeded", channel);
            publish(message(org, channel, "m", Map.of("n", 1)));

            JsonNode event = client.awaitEvent("m", channel);
            assertThat(RawClient.data(event).get("leadpulse_position").asString())
                    .isEqualTo(event.get("position").asString());
            assertThat(RawClient.data(event).get("n").asInt()).isEqualTo(1);
        }
    }

    /** A first client sees messages 1 and 2 and leaves; returns the position of message 2. */
    @Test
    void aMessageTheOutboxSentTwiceReachesSocketsAndHistoryOnce() {
        String last = seeTwoMessagesThenLeave();
        // At-least-once outbox: a crash between Kafka's ack and the row's "published" mark sends the
        // same message (same id) again as a new record.
        RealtimeMessage resent = message(org, channel, "m", Map.of("n", 3));
        try (RawClient live = RawClient.established(port)) {
            live.send(subscribe(channel));
            live.awaitEvent("pusher_internal:subscription_succeeded", channel);
            publish(resent);
            publish(resent);
            publish(message(org, channel, "m", Map.of("n", 4)));
            await().until(() -> numbers(live).contains(4));

            assertThat(numbers(live)).containsExactly(3, 4);
        }
        try (RawClient back = RawClient.established(port)) {
            back.send(Map.of("event", "pusher:subscribe", "data", Map.of("channel", channel, "resume_from", last)));
            JsonNode resumed = back.awaitEvent("leadpulse:resumed", channel);

            assertThat(RawClient.data(resumed).get("replayed").asInt()).isEqualTo(2);
            assertThat(numbers(back)).containsExactly(3, 4);
        }
    }

    private String seeTwoMessagesThenLeave() {
        try (RawClient first = RawClient.established(port)) {
            first.send(subscribe(channel));
            first.awaitEvent("pusher_internal:subscription_succeeded", channel);
            publish(message(org, channel, "m", Map.of("n", 1)));
            publish(message(org, channel, "m", Map.of("n", 2)));
            await().until(() -> first.events("m").size() == 2);
            assertThat(numbers(first)).containsExactly(1, 2);
            return first.events("m").getLast().get("position").asString();
        }
    }

    private static List<Integer> numbers(RawClient client) {
        return client.events("m").stream()
                .map(frame -> RawClient.data(frame).get("n").asInt())
                .toList();
    }
}
