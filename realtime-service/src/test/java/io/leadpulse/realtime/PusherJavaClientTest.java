package io.leadpulse.realtime;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official clients, unmodified: pusher-java-client 2.4.4 subscribing through the auth endpoint
 * with a bearer token, and pusher-http-java 1.3.4 publishing through the HTTP API.
 */
class PusherJavaClientTest extends RealtimeTestBase {

    private final List<Pusher> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    @Test
    void receivesAnOutboxMessageOnItsOwnUserChannel() {
        UUID user = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        Pusher pusher = connect(token(user, org, "REP"));
        Listener listener = new Listener();
        String channel = "private-user-" + user;

        pusher.subscribePrivate(channel, listener, "lead.assigned");
        await().until(() -> listener.subscribed);
        publish(message(org, channel, "lead.assigned", Map.of("leadId", "l-1", "name", "Ada")));

        await().until(() -> !listener.events.isEmpty());
        PusherEvent event = listener.events.getFirst();
        assertThat(event.getEventName()).isEqualTo("lead.assigned");
        assertThat(event.getChannelName()).isEqualTo(channel);
        assertThat(event.getData()).contains("\"leadId\":\"l-1\"");
    }

    @Test
    void isRefusedAnotherUsersAndAnotherOrganisationsChannels() {
        UUID user = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        Pusher pusher = connect(token(user, org, "ADMIN"));
        Listener otherUser = new Listener();
        Listener otherOrg = new Listener();

        pusher.subscribePrivate("private-user-" + UUID.randomUUID(), otherUser);
        pusher.subscribePresence("presence-org-" + UUID.randomUUID(), otherOrg);

        await().until(() -> otherUser.authFailure != null && otherOrg.authFailure != null);
        assertThat(otherUser.subscribed).isFalse();
        assertThat(otherOrg.subscribed).isFalse();
    }

    @Test
    void presenceMembersArriveAndLeaveAndClientEventsReachOthersOnly() {
        UUID org = UUID.randomUUID();
        UUID ada = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        String channel = "presence-org-" + org;
        Pusher adaClient = connect(token(ada, org, "ADMIN"));
        Listener adaListener = new Listener();
        PresenceChannel adaChannel = adaClient.subscribePresence(channel, adaListener, "client-typing");
        await().until(() -> adaListener.subscribed);
        assertThat(adaListener.members).extracting(User::getId).containsExactly(ada.toString());
        assertThat(adaChannel.getMe().getInfo()).contains("\"role\":\"ADMIN\"");

        Pusher bobClient = connect(token(bob, org, "REP"));
        Listener bobListener = new Listener();
        PresenceChannel bobChannel = bobClient.subscribePresence(channel, bobListener, "client-typing");
        await().until(() -> bobListener.subscribed);
        assertThat(bobListener.members)
                .extracting(User::getId)
                .containsExactlyInAnyOrder(ada.toString(), bob.toString());
        await().until(() -> adaListener.added.contains(bob.toString()));
        assertThat(bobListener.added).isEmpty();

        bobChannel.trigger("client-typing", "{\"typing\":true}");
        await().until(() -> !adaListener.events.isEmpty());
        PusherEvent typing = adaListener.events.getFirst();
        assertThat(typing.getEventName()).isEqualTo("client-typing");
        assertThat(typing.getUserId()).isEqualTo(bob.toString());

        bobClient.disconnect();
        await().until(() -> adaListener.removed.contains(bob.toString()));
        assertThat(bobListener.events)
                .as("a client event is not echoed to its sender")
                .isEmpty();
        assertThat(adaChannel.getUsers()).extracting(User::getId).containsExactly(ada.toString());
    }

    @Test
    void receivesWhatABackendPublishesThroughTheHttpApiWithPusherHttpJava() throws Exception {
        UUID user = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        Pusher pusher = connect(token(user, org, "REP"));
        Listener listener = new Listener();
        String channel = "private-user-" + user;
        pusher.subscribePrivate(channel, listener, "note.added");
        await().until(() -> listener.subscribed);

        try (com.pusher.rest.Pusher backend = backend(SECRET);
                com.pusher.rest.Pusher forger = backend("not-the-secret")) {
            Result forged = forger.trigger(channel, "note.added", Map.of("text", "forged"));
            Result sent = backend.trigger(List.of(channel, "private-org-" + org), "note.added", Map.of("text", "hi"));

            assertThat(forged.getHttpStatus()).isEqualTo(401);
            assertThat(sent.getStatus()).isEqualTo(Result.Status.SUCCESS);
        }
        await().until(() -> !listener.events.isEmpty());
        assertThat(listener.events.getFirst().getData()).isEqualTo("{\"text\":\"hi\"}");
        await().during(Duration.ofMillis(500)).until(() -> listener.events.size() == 1);
    }

    private com.pusher.rest.Pusher backend(String secret) {
        com.pusher.rest.Pusher backend = new com.pusher.rest.Pusher(APP_ID, KEY, secret);
        backend.setHost("localhost:" + httpApi.port());
        backend.setEncrypted(false);
        return backend;
    }

    private Pusher connect(String token) {
        HttpChannelAuthorizer authorizer = new HttpChannelAuthorizer("http://localhost:" + port + "/api/realtime/auth");
        authorizer.setHeaders(Map.of("Authorization", "Bearer " + token));
        PusherOptions options = new PusherOptions()
                .setHost("localhost")
                .setWsPort(port)
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
        await().until(() -> pusher.getConnection().getState() == ConnectionState.CONNECTED);
        assertThat(pusher.getConnection().getSocketId()).matches("\\d+\\.\\d+");
        return pusher;
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

        @Override
        public void onAuthenticationFailure(String message, Exception e) {
            authFailure = e;
        }

        @Override
        public void onSubscriptionSucceeded(String channelName) {
            subscribed = true;
        }

        @Override
        public void onEvent(PusherEvent event) {
            events.add(event);
        }
    }
}
