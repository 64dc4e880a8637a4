package io.leadpulse.lead;

import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh organisation per test class (an admin and two reps, with tokens), so test classes that
 * share the one Spring context never see each other's leads; plus the HTTP verbs ApiClient lacks.
 */
public record TestTeam(UUID orgId, UUID adminId, UUID rep1Id, UUID rep2Id, String admin, String rep1, String rep2) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventCodec CODEC = new EventCodec();

    public static TestTeam create(JdbcClient jdbc) {
        UUID org = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name) values (?, ?)")
                .params(org, "Team " + org)
                .update();
        UUID admin = addUser(jdbc, org, "ADMIN", true);
        UUID rep1 = addUser(jdbc, org, "REP", true);
        UUID rep2 = addUser(jdbc, org, "REP", true);
        return new TestTeam(
                org, admin, rep1, rep2, token(admin, org, "ADMIN"), token(rep1, org, "REP"), token(rep2, org, "REP"));
    }

    public static UUID addUser(JdbcClient jdbc, UUID org, String role, boolean active) {
        UUID id = UUID.randomUUID();
        jdbc.sql(
                        "insert into app_user (id, org_id, email, password_hash, name, role, active) values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, org, "u-" + id + "@team.test", "{noop}unused", role + " " + id, role, active)
                .update();
        return id;
    }

    public static String token(UUID user, UUID org, String role) {
        return LeadServiceTestSupport.signedToken(user, org, role, Instant.now().plus(Duration.ofHours(1)));
    }

    /** Creates a lead as {@code token} and answers its id. */
    public static String lead(ApiClient api, String token, Map<String, Object> body) {
        ApiClient.Response created = api.postJson("/api/leads", token, body);
        if (created.status() != 201) {
            throw new IllegalStateException("lead not created: " + created.status() + " " + created.body());
        }
        return created.json().get("id").asString();
    }

    public static ApiClient.Response send(ApiClient api, String method, String path, String token, Object body) {
        HttpRequest.Builder request = api.request(path, token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(
                                    body instanceof String s ? s : JSON.writeValueAsString(body)));
        }
        return api.send(request.build());
    }

    public static ApiClient.Response patch(ApiClient api, String path, String token, Object body) {
        return send(api, "PATCH", path, token, body);
    }

    public static ApiClient.Response put(ApiClient api, String path, String token, Object body) {
        return send(api, "PUT", path, token, body);
    }

    public static ApiClient.Response delete(ApiClient api, String path, String token) {
        return send(api, "DELETE", path, token, null);
    }

    /** The envelope of the first {@code type} event about {@code subject} on lead.events. */
    public static EventEnvelope awaitEvent(TopicProbe probe, String type, String subject) {
        ConsumerRecord<String, String> record = probe.await(
                Topics.LEAD_EVENTS,
                r -> subject.equals(r.key()) && type.equals(TopicProbe.header(r, OutboxPublisher.HEADER_EVENT_TYPE)));
        return CODEC.readEnvelope(record.value());
    }

    /** The first realtime message named {@code event} whose payload mentions {@code text}. */
    public static RealtimeMessage awaitRealtime(TopicProbe probe, String event, String text) {
        ConsumerRecord<String, String> record = probe.await(Topics.REALTIME_MESSAGES, r -> {
            if (!r.value().contains(text)) {
                return false;
            }
            return event.equals(CODEC.read(r.value(), RealtimeMessage.class).event());
        });
        return CODEC.read(record.value(), RealtimeMessage.class);
    }

    public static long count(TopicProbe probe, String topic, String type, String subject) {
        return probe.seen().stream()
                .filter(r -> r.topic().equals(topic))
                .filter(r -> subject.equals(r.key()))
                .filter(r -> type.equals(TopicProbe.header(r, OutboxPublisher.HEADER_EVENT_TYPE)))
                .count();
    }
}
