package io.leadpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PresenceChannel;
import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.client.util.HttpChannelAuthorizer;
import com.pusher.rest.data.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official pusher-java-client 2.4.4 and pusher-http-java 1.3.4, unmodified, against the running
 * suite: sockets, channel auth and API calls all go through the gateway (the only address clients
 * use); pusher-http-java talks to realtime-service's HTTP API port, as a backend would.
 */
class PusherJavaClientThroughGatewayTest {

    private static final String GATEWAY = System.getProperty("e2e.gateway", "http://localhost:8080");
    private static final String PUSHER_HTTP = System.getProperty("e2e.pusher-http", "localhost:8087");
    private static final String KEY = "leadpulse-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Login admin;
    private static Login rep1;
    private static Login rep2;

    private final List<Pusher> clients = new CopyOnWriteArrayList<>();

    private record Login(String token, String id, String orgId) {}

    @BeforeAll
    static void logIn() {
        admin = login("admin@demo.test", "demo-admin");
        rep1 = login("rep1@demo.test", "demo-rep");
        rep2 = login("rep2@demo.test", "demo-rep");
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    @Test
    void aRepHearsOfItsNewLeadFromLeadServiceThroughKafkaAndItsLeadChannelIsAuthorised() {
        Pusher pusher = connect(rep1);
        Listener mine = new Listener();
        pusher.subscribePrivate("private-user-" + rep1.id(), mine, "lead.created");
        await().until(() -> mine.subscribed);

        String leadId = createLead(rep1.id());

        await().atMost(Duration.ofSeconds(20))
                .until(() -> mine.events.stream().anyMatch(e -> e.getData().contains(leadId)));
        Listener lead = new Listener();
        pusher.subscribePrivate("private-lead-" + leadId, lead);
        await().until(() -> lead.subscribed);
    }

    @Test
    void anotherUsersChannelAnotherRepsLeadAndAnotherOrganisationAreRefused() {
        Pusher pusher = connect(rep1);
        String theirLead = createLead(rep2.id());
        Listener otherUser = new Listener();
        Listener otherLead = new Listener();
        Listener otherOrg = new Listener();

        pusher.subscribePrivate("private-user-" + rep2.id(), otherUser);
        pusher.subscribePrivate("private-lead-" + theirLead, otherLead);
        pusher.subscribePresence("presence-org-" + UUID.randomUUID(), otherOrg);

        await().until(() ->
                otherUser.authFailure != null && otherLead.authFailure != null && otherOrg.authFailure != null);
        assertThat(List.of(otherUser.subscribed, otherLead.subscribed, otherOrg.subscribed))
                .containsOnly(false);
        assertThat(pusher.getConnection().getState()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void presenceMembersAndClientEventsBetweenTwoReps() {
        String channel = "presence-org-" + rep1.orgId();
        Pusher first = connect(rep1);
        Listener firstListener = new Listener();
        PresenceChannel firstChannel = first.subscribePresence(channel, firstListener, "client-typing");
        await().until(() -> firstListener.subscribed);

        Pusher second = connect(rep2);
        Listener secondListener = new Listener();
        PresenceChannel secondChannel = second.subscribePresence(channel, secondListener, "client-typing");
        await().until(() -> secondListener.subscribed);
        assertThat(secondListener.members).extracting(User::getId).contains(rep1.id(), rep2.id());
        await().until(() -> firstListener.added.contains(rep2.id()));
        assertThat(firstChannel.getMe().getInfo()).contains("\"role\":\"REP\"");

        secondChannel.trigger("client-typing", "{\"typing\":true}");
        await().until(() -> !firstListener.events.isEmpty());
        assertThat(firstListener.events.getFirst().getUserId()).isEqualTo(rep2.id());

        second.disconnect();
        await().atMost(Duration.ofSeconds(20)).until(() -> firstListener.removed.contains(rep2.id()));
        assertThat(secondListener.events)
                .as("a client event is not echoed to its sender")
                .isEmpty();
    }

    @Test
    void aBackendPublishesWithPusherHttpJavaAndAForgedSecretIsRefused() throws Exception {
        Pusher pusher = connect(rep1);
        Listener mine = new Listener();
        String channel = "private-user-" + rep1.id();
        pusher.subscribePrivate(channel, mine, "note.added");
        await().until(() -> mine.subscribed);

        try (com.pusher.rest.Pusher backend = backend("leadpulse-secret");
                com.pusher.rest.Pusher forger = backend("not-the-secret")) {
            assertThat(forger.trigger(channel, "note.added", Map.of("text", "forged"))
                            .getHttpStatus())
                    .isEqualTo(401);
            assertThat(backend.trigger(channel, "note.added", Map.of("text", "hello"))
                            .getStatus())
                    .isEqualTo(Result.Status.SUCCESS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !mine.events.isEmpty());
        assertThat(mine.events.getFirst().getData()).isEqualTo("{\"text\":\"hello\"}");
        await().during(Duration.ofMillis(500)).until(() -> mine.events.size() == 1);
    }

    private static com.pusher.rest.Pusher backend(String secret) {
        com.pusher.rest.Pusher backend = new com.pusher.rest.Pusher("leadpulse", KEY, secret);
        backend.setHost(PUSHER_HTTP);
        backend.setEncrypted(false);
        return backend;
    }

    private Pusher connect(Login login) {
        HttpChannelAuthorizer authorizer = new HttpChannelAuthorizer(GATEWAY + "/api/realtime/auth");
        authorizer.setHeaders(Map.of("Authorization", "Bearer " + login.token()));
        URI gateway = URI.create(GATEWAY);
        PusherOptions options = new PusherOptions()
                .setHost(gateway.getHost())
                .setWsPort(gateway.getPort())
                .setUseTLS(false)
                .setChannelAuthorizer(authorizer);
        Pusher pusher = new Pusher(KEY, options);
        clients.add(pusher);
        pusher.connect(new ConnectionEventListener() {
            @Override
            public void onConnectionStateChange(ConnectionStateChange change) {}

            @Override
            public void onError(String message, String code, Exception e) {}
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pusher.getConnection().getState() == ConnectionState.CONNECTED);
        assertThat(pusher.getConnection().getSocketId()).matches("\\d+\\.\\d+");
        return pusher;
    }

    private static String createLead(String assigneeId) {
        String email = "java-e2e." + UUID.randomUUID() + "@example.com";
        JsonNode lead = call(
                "POST",
                "/api/leads",
                admin.token(),
                Map.of("firstName", "Joe", "lastName", "Java", "email", email, "assigneeId", assigneeId),
                201);
        return lead.get("id").asString();
    }

    private static Login login(String email, String password) {
        String token = call("POST", "/api/auth/login", null, Map.of("email", email, "password", password), 200)
                .get("accessToken")
                .asString();
        JsonNode me = call("GET", "/api/me", token, null, 200);
        return new Login(token, me.get("id").asString(), me.get("orgId").asString());
    }

    private static JsonNode call(String method, String path, String token, Object body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(method + " " + path + ": " + response.body())
                    .isEqualTo(expected);
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records what a channel tells its listener. */
    static final class Listener implements PresenceChannelEventListener {
        final List<PusherEvent> events = new CopyOnWriteArrayList<>();
        final List<String> added = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        volatile Set<User> members = Set.of();
        volatile boolean subscribed;
        volatile Exception authFailure;

        @Override
        public void onEvent(PusherEvent event) {
            events.add(event);
        }

        @Override
        public void onSubscriptionSucceeded(String channelName) {
            subscribed = true;
        }

        @Override
        public void onAuthenticationFailure(String message, Exception e) {
            authFailure = e == null ? new IllegalStateException(message) : e;
        }

        @Override
        public void onUsersInformationReceived(String channelName, Set<User> users) {
            members = Set.copyOf(users);
        }

        @Override
        public void userSubscribed(String channelName, User user) {
            added.add(user.getId());
        }

        @Override
        public void userUnsubscribed(String channelName, User user) {
            removed.add(user.getId());
        }
    }
}
