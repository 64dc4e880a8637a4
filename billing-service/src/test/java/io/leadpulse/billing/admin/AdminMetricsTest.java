package io.leadpulse.billing.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.billing.BillingServiceTestSupport;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TestJwtIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdminMetricsTest extends BillingServiceTestSupport {

    private final String operator =
            TestJwtIssuer.get().token(UUID.randomUUID(), UUID.fromString(OPERATOR_ORG), "ADMIN");

    private JsonNode metrics() {
        ApiClient.Response response = api().get("/api/admin/metrics", operator);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    @Test
    void countsOrganisationsLeadsAndConversionsWithinSecondsOfTheirEvents() {
        JsonNode before = metrics();
        UUID org = UUID.randomUUID();
        UUID rep = UUID.randomUUID();
        UUID lead = createLead(org, rep);
        createLead(org, rep);
        publish(new LeadEvent.LeadStatusChanged(org, lead, "HOT", "WON", rep, rep, null, Instant.now()));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> metrics().get("conversions").asLong()
                        == before.get("conversions").asLong() + 1);
        JsonNode after = metrics();
        assertThat(after.get("organisations").get("total").asLong())
                .isEqualTo(before.get("organisations").get("total").asLong() + 1);
        assertThat(after.get("organisations").get("trial").asLong())
                .isEqualTo(before.get("organisations").get("trial").asLong() + 1);
        assertThat(after.get("leads").asLong()).isEqualTo(before.get("leads").asLong() + 2);
        assertThat(after.get("recentActivity").isArray()).isTrue();
    }

    @Test
    void isNotFoundOutsideTheOperatorOrganisation() {
        String admin = TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), "ADMIN");
        String operatorRep = TestJwtIssuer.get().token(UUID.randomUUID(), UUID.fromString(OPERATOR_ORG), "REP");

        assertThat(api().get("/api/admin/metrics", admin).status()).isEqualTo(404);
        assertThat(api().get("/api/admin/metrics", operatorRep).status()).isEqualTo(404);
    }
}
