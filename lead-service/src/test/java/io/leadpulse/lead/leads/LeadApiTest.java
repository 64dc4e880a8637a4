package io.leadpulse.lead.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.LeadServiceTestSupport;
import io.leadpulse.platform.eventing.outbox.OutboxPublisher;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeadApiTest extends LeadServiceTestSupport {

    private final EventCodec codec = new EventCodec();
    private TopicProbe probe;

    @BeforeEach
    void subscribe() {
        probe = TopicProbe.subscribe(Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES);
    }

    @AfterEach
    void close() {
        probe.close();
    }

    @Test
    void createsALeadAndPublishesLeadCreatedAndItsRealtimeMessageFromOneTransaction() {
        String email = "Ada." + UUID.randomUUID() + "@Example.TEST";

        ApiClient.Response created = api().postJson("/api/leads", adminToken(), lead(email, "+1 415 555 0132"));

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/leads/" + id);
        assertThat(created.json().get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(created.json().get("phone").asString()).isEqualTo("+14155550132");
        assertThat(created.json().get("status").asString()).isEqualTo("NEW");

        ConsumerRecord<String, String> event = probe.awaitKey(Topics.LEAD_EVENTS, id);
        EventEnvelope envelope = codec.readEnvelope(event.value());
        assertThat(envelope.type()).isEqualTo("lead.created");
        LeadEvent.LeadCreated leadCreated =
                (LeadEvent.LeadCreated) codec.decode(envelope).orElseThrow();
        assertThat(leadCreated.email()).isEqualTo(email.toLowerCase());
        assertThat(TopicProbe.header(event, OutboxPublisher.HEADER_EVENT_TYPE)).isEqualTo("lead.created");

        ConsumerRecord<String, String> realtime =
                probe.await(Topics.REALTIME_MESSAGES, r -> r.value().contains(id));
        RealtimeMessage message = codec.read(realtime.value(), RealtimeMessage.class);
        assertThat(message.event()).isEqualTo("lead.created");
        assertThat(message.channels())
                .contains("private-lead-" + id, "private-user-" + userId("admin@demo.test"))
                .noneMatch(channel -> channel.startsWith("private-org-"));

        await().untilAsserted(() -> assertThat(jdbc.sql(
                                "select count(*) from outbox where published_at is null and (aggregateid = ? or payload::text like ?)")
                        .params(id, "%" + id + "%")
                        .query(Long.class)
                        .single())
                .isZero());
    }

    @Test
    void aDuplicateEmailInAnyCaseIs409AndStoresNothing() {
        String email = "dup-" + UUID.randomUUID() + "@example.test";
        assertThat(api().postJson("/api/leads", adminToken(), lead(email, null)).status())
                .isEqualTo(201);

        ApiClient.Response duplicate = api().postJson("/api/leads", adminToken(), lead(email.toUpperCase(), null));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.isProblem()).isTrue();
        assertThat(duplicate.json().get("errors").get(0).get("field").asString())
                .isEqualTo("email");
        assertThat(jdbc.sql("select count(*) from lead where email = ?")
                        .param(email)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from outbox where type = 'lead.created' and payload::text like ?")
                        .param("%" + email + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void invalidInputNamesTheField() {
        Map<String, Object> noContact = lead(null, null);
        Map<String, Object> badPhone = lead("x-" + UUID.randomUUID() + "@example.test", "12");
        Map<String, Object> badEmail = lead("not-an-email", null);
        Map<String, Object> noName = lead("n-" + UUID.randomUUID() + "@example.test", null);
        noName.remove("firstName");
        Map<String, Object> foreignAssignee = lead("f-" + UUID.randomUUID() + "@example.test", null);
        foreignAssignee.put("assigneeId", UUID.randomUUID().toString());

        assertField(api().postJson("/api/leads", adminToken(), noContact), "email");
        assertField(api().postJson("/api/leads", adminToken(), badPhone), "phone");
        assertField(api().postJson("/api/leads", adminToken(), badEmail), "email");
        assertField(api().postJson("/api/leads", adminToken(), noName), "firstName");
        assertField(api().postJson("/api/leads", adminToken(), foreignAssignee), "assigneeId");
        assertField(
                api().post("/api/leads", adminToken(), "{\"firstName\": \"A\", \"assigneeId\": \"not-a-uuid\"}"),
                "assigneeId");
    }

    @Test
    void anOversizedBodyIs413() {
        String huge = "{\"firstName\": \"" + "x".repeat(70_000) + "\"}";

        ApiClient.Response response = api().post("/api/leads", adminToken(), huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void aRepSeesOnlyItsOwnLeadsAndAnotherOrganisationSeesNone() {
        String rep = rep1Token();
        ApiClient.Response repLead =
                api().postJson("/api/leads", rep, lead("r-" + UUID.randomUUID() + "@example.test", null));
        ApiClient.Response adminLead =
                api().postJson("/api/leads", adminToken(), lead("a-" + UUID.randomUUID() + "@example.test", null));
        String repLeadId = repLead.json().get("id").asString();
        String adminLeadId = adminLead.json().get("id").asString();

        assertThat(repLead.json().get("assigneeId").asString())
                .isEqualTo(userId("rep1@demo.test").toString());
        assertThat(api().get("/api/leads/" + repLeadId, rep).status()).isEqualTo(200);
        assertThat(api().get("/api/leads/" + adminLeadId, rep).status()).isEqualTo(404);
        assertThat(api().get("/api/leads/" + repLeadId, adminToken()).status()).isEqualTo(200);
        assertThat(api().get("/api/leads", rep)
                        .json()
                        .get("items")
                        .valueStream()
                        .map(n -> n.get("id").asString()))
                .contains(repLeadId)
                .doesNotContain(adminLeadId);

        String other = otherOrgAdminToken();
        ApiClient.Response foreign = api().get("/api/leads/" + repLeadId, other);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.isProblem()).isTrue();
        assertThat(api().get("/api/leads", other).json().get("items").size()).isZero();
    }

    @Test
    void aRepCannotAssignALeadToSomeoneElse() {
        Map<String, Object> body = lead("ra-" + UUID.randomUUID() + "@example.test", null);
        body.put("assigneeId", userId("rep2@demo.test").toString());

        assertField(api().postJson("/api/leads", rep1Token(), body), "assigneeId");
    }

    private static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .as(response.body())
                .contains(field);
    }

    private static Map<String, Object> lead(String email, String phone) {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Ada");
        body.put("lastName", "Lovelace");
        body.put("company", "Analytical Engines");
        body.put("tags", List.of("VIP", "vip", " conference "));
        if (email != null) {
            body.put("email", email);
        }
        if (phone != null) {
            body.put("phone", phone);
        }
        return body;
    }
}
