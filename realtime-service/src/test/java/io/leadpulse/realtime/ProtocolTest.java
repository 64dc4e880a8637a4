package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.TestInfrastructure;
import io.leadpulse.realtime.protocol.PusherSignatures;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Pusher protocol 7 frame by frame, including everything a broken or hostile client may send. */
class ProtocolTest extends RealtimeTestBase {

    @Test
    void establishesAConnectionWithASocketIdAndActivityTimeoutAndAnswersPings() {
        try (RawClient client = RawClient.connect(port, "/app/leadpulse-key?protocol=7&client=js&version=8.6.0")) {
            JsonNode established = RawClient.data(client.awaitEvent("pusher:connection_established"));
            assertThat(established.get("socket_id").asString()).matches("\\d+\\.\\d+");
            assertThat(established.get("activity_timeout").asInt()).isEqualTo(120);

            client.send(Map.of("event", "pusher:ping", "data", Map.of()));
            client.awaitEvent("pusher:pong");
        }
    }

    @Test
    void refusesAnUnknownAppKeyWith4001AndABadProtocolWith4007Or4008() {
        try (RawClient unknown = RawClient.connect(port, "/app/someone-elses-key?protocol=7")) {
            assertThat(RawClient.data(unknown.awaitEvent("pusher:error"))
                            .get("code")
                            .asInt())
                    .isEqualTo(4001);
            unknown.awaitClose(4001);
        }
        try (RawClient old = RawClient.connect(port, "/app/leadpulse-key?protocol=3")) {
            old.awaitClose(4007);
        }
        try (RawClient none = RawClient.connect(port, "/app/leadpulse-key")) {
            none.awaitClose(4008);
        }
    }

    @Test
    void answersBadFramesPerProtocolWhileOtherClientsAreUnaffected() {
        String channel = "public-bystanders-" + UUID.randomUUID();
        UUID org = UUID.randomUUID();
        try (RawClient bystander = RawClient.established(port);
                RawClient hostile = RawClient.established(port)) {
            bystander.send(subscribe(channel));
            bystander.awaitEvent("pusher_internal:subscription_succeeded", channel);

            hostile.send("{not json");
            hostile.send("[1,2,3]");
            hostile.send(Map.of("event", "pusher:unheard-of", "data", Map.of()));
            hostile.send(Map.of("event", "client-x", "channel", channel, "data", "x".repeat(30_000)));
            hostile.send(Map.of("event", "pusher:subscribe", "data", Map.of("channel", "bad channel!")));
            await().until(() -> hostile.events("pusher:error").size() >= 4);
            assertThat(hostile.events("pusher:error"))
                    .extracting(frame -> RawClient.data(frame).get("code").asInt())
                    .containsOnly(4300);
            assertThat(RawClient.data(hostile.awaitEvent("pusher:subscription_error"))
                            .get("status")
                            .asInt())
                    .isEqualTo(400);

            hostile.send(Map.of("event", "pusher:ping", "data", Map.of()));
            hostile.awaitEvent("pusher:pong");
            publish(message(org, channel, "still.here", Map.of("ok", true)));
            bystander.awaitEvent("still.here", channel);

            hostile.send("x".repeat(70_000));
            await().until(() -> hostile.closeCode != null);
            publish(message(org, channel, "still.here.after.oversize", Map.of("ok", true)));
            bystander.awaitEvent("still.here.after.oversize", channel);
        }
    }

    @Test
    void refusesForgedSubscriptionsToPrivateAndPresenceChannels() {
        PusherSignatures forger = new PusherSignatures(KEY, "guessed-secret");
        try (RawClient client = RawClient.established(port);
                RawClient other = RawClient.established(port)) {
            String socketId = client.socketId();
            String forged = "private-forged-" + UUID.randomUUID();
            String stolen = "private-stolen-" + UUID.randomUUID();
            String presence = "presence-tampered-" + UUID.randomUUID();

            client.send(Map.of(
                    "event",
                    "pusher:subscribe",
                    "data",
                    Map.of("channel", forged, "auth", forger.channelAuth(socketId, forged, null))));
            client.send(Map.of(
                    "event",
                    "pusher:subscribe",
                    "data",
                    Map.of("channel", stolen, "auth", SIGNATURES.channelAuth(other.socketId(), stolen, null))));
            String signedData = "{\"user_id\":\"u1\",\"user_info\":{\"role\":\"REP\"}}";
            client.send(Map.of(
                    "event",
                    "pusher:subscribe",
                    "data",
                    Map.of(
                            "channel",
                            presence,
                            "auth",
                            SIGNATURES.channelAuth(socketId, presence, signedData),
                            "channel_data",
                            signedData.replace("REP", "ADMIN"))));

            for (String channel : new String[] {forged, stolen, presence}) {
                JsonNode error = RawClient.data(client.awaitEvent("pusher:subscription_error", channel));
                assertThat(error.get("status").asInt()).isEqualTo(401);
                assertThat(error.get("type").asString()).isEqualTo("AuthError");
            }
            assertThat(client.events("pusher_internal:subscription_succeeded")).isEmpty();
        }
    }

    @Test
    void relaysClientEventsOnPrivateChannelsOnlyWithoutEchoAndWithARateLimit() {
        String channel = "private-chat-" + UUID.randomUUID();
        try (RawClient sender = RawClient.established(port);
                RawClient receiver = RawClient.established(port)) {
            sender.send(Map.of("event", "client-early", "channel", channel, "data", Map.of()));
            assertThat(RawClient.data(sender.awaitEvent("pusher:error"))
                            .get("code")
                            .asInt())
                    .isEqualTo(4009);
            sender.send(Map.of("event", "client-public", "channel", "public-" + UUID.randomUUID(), "data", Map.of()));
            await().until(() -> sender.events("pusher:error").size() == 2);

            sender.send(subscribePrivate(sender.socketId(), channel));
            receiver.send(subscribePrivate(receiver.socketId(), channel));
            sender.awaitEvent("pusher_internal:subscription_succeeded", channel);
            receiver.awaitEvent("pusher_internal:subscription_succeeded", channel);

            for (int i = 0; i < 15; i++) {
                sender.send(Map.of("event", "client-typing", "channel", channel, "data", Map.of("n", i)));
            }
            JsonNode limited = sender.await(
                    frame -> "pusher:error".equals(frame.path("event").asString())
                            && RawClient.data(frame).get("code").asInt() == 4301);
            assertThat(RawClient.data(limited).get("message").asString()).contains("rate limit");
            // At most 10 a second pass (the window may also hold the earlier refused event).
            await().until(() -> receiver.events("client-typing").size() >= 5);
            await().during(Duration.ofMillis(300))
                    .until(() -> receiver.events("client-typing").size() <= 10);
            assertThat(RawClient.data(receiver.events("client-typing").getFirst())
                            .get("n")
                            .asInt())
                    .isZero();
            assertThat(sender.events("client-typing")).isEmpty();
        }
    }

    @Test
    void deliversKafkaMessagesWithAPositionAndSkipsUnreadableRecords() throws Exception {
        String channel = "public-positions-" + UUID.randomUUID();
        UUID org = UUID.randomUUID();
        try (RawClient client = RawClient.established(port)) {
            client.send(subscribe(channel));
            JsonNode succeeded = client.awaitEvent("pusher_internal:subscription_succeeded", channel);
            assertThat(succeeded.get("position").asString()).matches("[^:]+:\\d+(,\\d+)*");

            Properties config = new Properties();
            config.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.get().kafkaBootstrapServers());
            try (KafkaProducer<String, String> raw =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                raw.send(new ProducerRecord<>(Topics.REALTIME_MESSAGES, org.toString(), "{poison"))
                        .get();
            }
            publish(message(org, channel, "after.poison", Map.of("n", 1)));

            JsonNode event = client.awaitEvent("after.poison", channel);
            assertThat(RawClient.data(event).get("n").asInt()).isEqualTo(1);
            assertThat(event.get("position").asString()).matches("[^:]+:\\d+(,\\d+)*");
            assertThat(event.get("position").asString())
                    .isNotEqualTo(succeeded.get("position").asString());
        }
    }
}
