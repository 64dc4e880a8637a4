package io.leadpulse.lead.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.lead.imports.ImportTestSupport;
import io.leadpulse.platform.events.BillingEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

class UsageApiTest extends ImportTestSupport {

    private final EventCodec codec = new EventCodec();

    @Autowired
    private KafkaTemplate<String, String> kafka;

    @Test
    void anyMemberSeesItsOrganisationsUsageAndNobodyElsesWithoutLogin() {
        TestOrg org = newOrg();
        api().postJson(
                        "/api/leads",
                        org.rep(),
                        Map.of("firstName", "R", "email", "r-" + UUID.randomUUID() + "@x.test"));

        for (String token : new String[] {org.admin(), org.rep()}) {
            ApiClient.Response usage = api().get("/api/usage", token);
            assertThat(usage.status()).isEqualTo(200);
            assertThat(usage.json().get("plan").asString()).isEqualTo("trial");
            assertThat(usage.json().get("planStatus").asString()).isEqualTo("trialing");
            assertThat(usage.json().get("used").asInt()).isEqualTo(1);
            assertThat(usage.json().get("limit").asInt()).isEqualTo(500);
            assertThat(usage.json().get("percent").asInt()).isZero();
        }
        assertThat(api().get("/api/usage", newOrg().admin()).json().get("used").asInt())
                .isZero();
        assertThat(api().get("/api/usage", null).status()).isEqualTo(401);
    }

    @Test
    void aPlanChangeRaisesTheQuotaLiveAndAnImportStoppedAtTheLimitThenSucceeds() {
        TestOrg org = newOrg();
        jdbc.sql(
                        "insert into org_quota (org_id, plan, plan_status, lead_limit, lead_count) values (?, 'trial', 'trialing', 2, 0)")
                .param(org.id())
                .update();
        String csv = "First Name,Email\n" + "A,a-" + org.id() + "@x.test\nB,b-" + org.id() + "@x.test\nC,c-" + org.id()
                + "@x.test\n";
        JsonNode stopped = awaitFinished(
                org.admin(), upload(org.admin(), csv, Map.of()).json().get("id").asString());
        assertThat(stopped.get("status").asString()).isEqualTo("STOPPED_AT_QUOTA");
        assertThat(stopped.get("leftOut").asLong()).isEqualTo(1);
        Map<String, Object> lead = Map.of("firstName", "D", "email", "d-" + org.id() + "@x.test");
        assertThat(api().postJson("/api/leads", org.admin(), lead).status()).isEqualTo(402);

        try (TopicProbe probe = TopicProbe.subscribe(Topics.REALTIME_MESSAGES)) {
            Instant now = Instant.now();
            send(new BillingEvent.PlanChanged(org.id(), "growth", "active", 2500, now));

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> api().get("/api/usage", org.admin())
                                    .json()
                                    .get("limit")
                                    .asInt()
                            == 2500);
            JsonNode usage = api().get("/api/usage", org.admin()).json();
            assertThat(usage.get("plan").asString()).isEqualTo("growth");
            assertThat(usage.get("planStatus").asString()).isEqualTo("active");
            String pushed = probe.await(
                            Topics.REALTIME_MESSAGES,
                            r -> r.value().contains("usage.updated")
                                    && r.value().contains("\"limit\":2500")
                                    && r.value().contains("private-org-" + org.id()))
                    .value();
            assertThat(pushed).contains("\"plan\":\"growth\"");
        }

        assertThat(api().postJson("/api/leads", org.admin(), lead).status()).isEqualTo(201);
        JsonNode retried = awaitFinished(
                org.admin(),
                upload(org.admin(), csv, Map.of("mode", "SKIP_DUPLICATES"))
                        .json()
                        .get("id")
                        .asString());
        assertThat(retried.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(retried.get("created").asLong()).isEqualTo(1);
        assertThat(retried.get("skipped").asLong()).isEqualTo(2);
    }

    @Test
    void anOlderPlanChangeIsIgnoredAndARedeliveredOneIsAppliedOnce() {
        TestOrg org = newOrg();
        Instant now = Instant.now();
        EventEnvelope current = send(new BillingEvent.PlanChanged(org.id(), "growth", "active", 2500, now));
        awaitLimit(org, 2500);

        send(new BillingEvent.PlanChanged(org.id(), "trial", "trialing", 500, now.minusSeconds(60)));
        kafka.send(Topics.BILLING_EVENTS, org.id().toString(), codec.toJson(current));
        // Same partition (keyed by org): once the sentinel is applied, the two before it were handled.
        send(new BillingEvent.PlanChanged(org.id(), "scale", "active", 9000, now.plusSeconds(1)));
        awaitLimit(org, 9000);

        assertThat(jdbc.sql(
                                "select count(*) from processed_event where consumer = 'lead.billing-events' and event_id = ?")
                        .param(current.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select plan from org_quota where org_id = ?")
                        .param(org.id())
                        .query(String.class)
                        .single())
                .isEqualTo("scale");
    }

    private void awaitLimit(TestOrg org, int limit) {
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        api().get("/api/usage", org.admin()).json().get("limit").asInt() == limit);
    }

    private EventEnvelope send(BillingEvent event) {
        EventEnvelope envelope = codec.wrap(event, null);
        kafka.send(Topics.BILLING_EVENTS, event.subject(), codec.toJson(envelope))
                .join();
        return envelope;
    }
}
