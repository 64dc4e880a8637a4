package io.leadpulse.enrichment.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.enrichment.EnrichmentServiceTestSupport;
import io.leadpulse.platform.events.LeadEvent;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EnrichmentApiTest extends EnrichmentServiceTestSupport {

    private final UUID orgId = UUID.randomUUID();
    private final UUID adminId = UUID.randomUUID();
    private final UUID repId = UUID.randomUUID();
    private final UUID otherRepId = UUID.randomUUID();

    @Test
    void showsTheEnrichmentToTheAssigneeAndAdminsOnly() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Visible Ventures"))
                .willReturn(aResponse().withBody(serpAnswer(41.88, -87.63, "1 Loop, Chicago, IL 60601"))));
        LeadEvent.LeadCreated created = lead(orgId, repId, "+13125550160", "Visible Ventures");
        publish(created);
        UUID leadId = created.leadId();
        await().until(() -> "DONE".equals(jobStatus(leadId)));
        String path = "/api/enrichment/leads/" + leadId;

        var asRep = api().get(path, token(repId, orgId, "REP"));
        assertThat(asRep.status()).isEqualTo(200);
        JsonNode body = asRep.json();
        assertThat(body.get("status").asString()).isEqualTo("DONE");
        assertThat(body.at("/geo/city").asString()).isEqualTo("Chicago");
        assertThat(body.at("/geo/timezone").asString()).isEqualTo("America/Chicago");
        assertThat(body.at("/geo/source").asString()).isEqualTo("serpapi");
        assertThat(body.at("/firstLine/status").asString()).isEqualTo("DONE");
        assertThat(body.get("nextAttemptAt").isNull()).isTrue();

        assertThat(api().get(path, token(adminId, orgId, "ADMIN")).status()).isEqualTo(200);
        assertThat(api().get(path, token(otherRepId, orgId, "REP")).status()).isEqualTo(404);
        assertThat(api().get(path, token(adminId, UUID.randomUUID(), "ADMIN")).status())
                .isEqualTo(404);
        assertThat(api().get("/api/enrichment/leads/" + UUID.randomUUID(), token(adminId, orgId, "ADMIN"))
                        .isProblem())
                .isTrue();
        assertThat(api().get(path, null).status()).isEqualTo(401);
    }

    @Test
    void aWaitingJobSaysWhenItIsNextTriedAndWhy() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Waiting Works"))
                .willReturn(aResponse().withStatus(503)));
        LeadEvent.LeadCreated created = lead(orgId, repId, "+13125550161", "Waiting Works");
        publish(created);
        UUID leadId = created.leadId();
        await().until(() -> jobNumber(leadId, "attempts") >= 1);

        JsonNode body = api().get("/api/enrichment/leads/" + leadId, token(adminId, orgId, "ADMIN"))
                .json();
        assertThat(body.get("status").asString()).isEqualTo("PENDING");
        assertThat(body.get("nextAttemptAt").isNull()).isFalse();
        assertThat(body.get("lastError").asString()).contains("503");
        assertThat(body.at("/geo/status").asString()).isEqualTo("PENDING");
    }
}
