package io.leadpulse.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.platform.test.TestInfrastructure;
import io.leadpulse.platform.test.TestJwtIssuer;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Scale-out: the test's instance and a second one started beside it on the same broker. Any
 * instance serves any channel; presence and client events cross instances; a dead instance's
 * members are removed; a stopping instance tells its sockets to reconnect to another (4200).
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoInstancesTest extends RealtimeTestBase {

    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @BeforeAll
    static void startSecondInstance() {
        second = startInstance();
        secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
    }

    /** Another instance on the test's broker, its own free port, no HTTP API port. */
    private static ConfigurableApplicationContext startInstance() {
        // Command-line arguments, not builder properties: those are only defaults, and the
        // application.yml's server.port (8086) would win over them and collide with a running suite.
        return new SpringApplicationBuilder(RealtimeServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--realtime.http-api-port=-1",
                        "--realtime.heartbeat-interval=1s",
                        "--realtime.instance-timeout=6s",
                        "--spring.kafka.bootstrap-servers="
                                + TestInfrastructure.get().kafkaBootstrapServers(),
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
                                + TestJwtIssuer.get().jwksUri(),
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestJwtIssuer.ISSUER,
                        "--springdoc.api-docs.enabled=false");
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void deliversKafkaMessagesOnBothInstances() {
        String channel = "public-everywhere-" + UUID.randomUUID();
        try (RawClient here = RawClient.established(port);
                RawClient there = RawClient.established(secondPort)) {
            here.send(subscribe(channel));
            there.send(subscribe(channel));
            here.awaitEvent("pusher_internal:subscription_succeeded", channel);
            there.awaitEvent("pusher_internal:subscription_succeeded", channel);

            publish(message(UUID.randomUUID(), channel, "hello", Map.of("n", 1)));

            JsonNode onFirst = here.awaitEvent("hello", channel);
            JsonNode onSecond = there.awaitEvent("hello", channel);
            assertThat(onSecond.get("position").asString())
                    .as("both instances read the same offsets, so positions agree")
                    .isEqualTo(onFirst.get("position").asString());
        }
    }

    @Test
    void sharesPresenceAndRelaysClientEventsAcrossInstances() {
        String channel = "presence-team-" + UUID.randomUUID();
        String ada = "{\"user_id\":\"ada\",\"user_info\":{\"name\":\"Ada\"}}";
        String bob = "{\"user_id\":\"bob\",\"user_info\":{\"name\":\"Bob\"}}";
        try (RawClient here = RawClient.established(port);
                RawClient there = RawClient.established(secondPort)) {
            here.send(subscribePresence(here.socketId(), channel, ada));
            here.awaitEvent("pusher_internal:subscription_succeeded", channel);
            there.send(subscribePresence(there.socketId(), channel, bob));
            JsonNode succeeded = there.awaitEvent("pusher_internal:subscription_succeeded", channel);

            JsonNode added = here.awaitEvent("pusher_internal:member_added", channel);
            assertThat(RawClient.data(added).get("user_id").asString()).isEqualTo("bob");
            boolean adaListed =
                    RawClient.data(succeeded).get("presence").get("hash").has("ada");
            if (!adaListed) {
                there.awaitEvent("pusher_internal:member_added", channel);
            }
            assertThat(there.events("pusher_internal:member_added"))
                    .extracting(frame -> RawClient.data(frame).get("user_id").asString())
                    .doesNotContain("bob");

            there.send(Map.of("event", "client-wave", "channel", channel, "data", Map.of("from", "bob")));
            JsonNode wave = here.awaitEvent("client-wave", channel);
            assertThat(wave.get("user_id").asString()).isEqualTo("bob");

            there.close();
            JsonNode removed = here.awaitEvent("pusher_internal:member_removed", channel);
            assertThat(RawClient.data(removed).get("user_id").asString()).isEqualTo("bob");
            assertThat(there.events("client-wave")).isEmpty();
        }
    }

    @Test
    void removesTheMembersOfAnInstanceThatWentSilent() throws Exception {
        String channel = "presence-ghosts-" + UUID.randomUUID();
        try (RawClient here = RawClient.established(port)) {
            here.send(subscribePresence(here.socketId(), channel, "{\"user_id\":\"ada\",\"user_info\":{}}"));
            here.awaitEvent("pusher_internal:subscription_succeeded", channel);

            Properties config = new Properties();
            config.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.get().kafkaBootstrapServers());
            try (KafkaProducer<String, String> ghost =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                ghost.send(new ProducerRecord<>(
                                "realtime.cluster",
                                "rt-ghost",
                                "{\"type\":\"JOIN\",\"instance\":\"rt-ghost\",\"channel\":\"" + channel
                                        + "\",\"socketId\":\"1.1\",\"userId\":\"casper\",\"userInfo\":{}}"))
                        .get();
            }

            JsonNode added = here.awaitEvent("pusher_internal:member_added", channel);
            assertThat(RawClient.data(added).get("user_id").asString()).isEqualTo("casper");
            long joinedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !here.events("pusher_internal:member_removed").isEmpty());
            assertThat(RawClient.data(here.events("pusher_internal:member_removed")
                                    .getFirst())
                            .get("user_id")
                            .asString())
                    .isEqualTo("casper");
            assertThat(Duration.ofNanos(System.nanoTime() - joinedAt)).isLessThan(Duration.ofSeconds(30));

            // Heard from again (it was only cut off): the instances ask everyone to announce members.
            try (TopicProbe probe = TopicProbe.subscribe("realtime.cluster");
                    KafkaProducer<String, String> ghost =
                            new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                long since = System.currentTimeMillis();
                ghost.send(new ProducerRecord<>(
                                "realtime.cluster", "rt-ghost", "{\"type\":\"HEARTBEAT\",\"instance\":\"rt-ghost\"}"))
                        .get();
                probe.await(
                        "realtime.cluster",
                        record -> record.value().contains("\"HELLO\"") && record.timestamp() >= since);
            }
        }
    }

    @Test
    void aStoppingInstanceTellsEachSocketToReconnectWith4200AndLogsItOnce(CapturedOutput output) {
        ConfigurableApplicationContext third = startInstance();
        int thirdPort = ((WebServerApplicationContext) third).getWebServer().getPort();
        String channel = "public-draining-" + UUID.randomUUID();
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawClient client = RawClient.established(thirdPort);
                clients.add(client);
                client.send(subscribe(channel));
                client.awaitEvent("pusher_internal:subscription_succeeded", channel);
            }
            int logFrom = output.getAll().length();

            third.close();

            for (RawClient client : clients) {
                client.awaitClose(4200);
                assertThat(RawClient.data(client.awaitEvent("pusher:error"))
                                .get("code")
                                .asInt())
                        .as("the reason arrives as pusher:error before the close, as pusher-js expects")
                        .isEqualTo(4200);
            }
            String log = output.getAll().substring(logFrom);
            assertThat(log).contains("draining: asked 20 connections to reconnect elsewhere");
            assertThat(log)
                    .as("one line for the drain, not an error with a stack trace for each socket it closed (as a"
                            + " CPU-starved benchmark logged in two runs, docs/benchmarks.md)")
                    .doesNotContain("onErrorDropped")
                    .doesNotContain("AbortedException");
        } finally {
            clients.forEach(RawClient::close);
            third.close();
        }
    }
}
