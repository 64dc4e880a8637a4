package io.leadpulse.enrichment.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.enrichment.EnrichmentServiceTestSupport;
import io.leadpulse.enrichment.leads.Directory;
import io.leadpulse.enrichment.providers.GeoAnswer;
import io.leadpulse.enrichment.providers.Place;
import io.leadpulse.platform.events.LeadEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job claimed twice (a lease ran out while its worker was still calling the provider) or
 * overtaken by new inputs settles once: the second finisher writes nothing and sends nothing.
 */
class SettleOnceTest extends EnrichmentServiceTestSupport {

    private final UUID orgId = UUID.randomUUID();
    private final UUID repId = UUID.randomUUID();

    @Autowired
    EnrichmentJobs jobs;

    @Autowired
    EnrichmentJobRepository rows;

    @Autowired
    Directory directory;

    @Autowired
    TransactionTemplate transactions;

    private final GeoAnswer found = GeoAnswer.found(new Place(1.0, 2.0, "UTC", "Town", null, "US", "serpapi"));

    @Test
    void twoWorkersFinishingTheSameJobSendOneEvent() {
        UUID leadId = waitingLead("Twice Tools", "+13125550170");
        EnrichmentJob job = rows.find(leadId).orElseThrow();
        var lead = directory.find(leadId).orElseThrow();

        boolean first = transactions.execute(tx -> jobs.settleGeo(job, lead, found));
        boolean second = transactions.execute(tx -> jobs.settleGeo(job, lead, found));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(written("lead.enriched", leadId)).isEqualTo(1);
        assertThat(realtimeWritten("lead.enriched", leadId)).isEqualTo(1);
    }

    @Test
    void aWorkerHoldingAnOlderGenerationWritesNothing() {
        UUID leadId = waitingLead("Stale Stationery", "+13125550171");
        EnrichmentJob before = rows.find(leadId).orElseThrow();
        var lead = directory.find(leadId).orElseThrow();
        publish(new LeadEvent.LeadUpdated(
                orgId,
                leadId,
                "Ada",
                "Lovelace",
                null,
                "+12125550171",
                "Stale Stationery",
                List.of(),
                List.of("phone"),
                repId,
                Instant.now()));
        await().until(() -> jobNumber(leadId, "generation") == 2);

        boolean settled = transactions.execute(tx -> jobs.settleGeo(before, lead, found));

        assertThat(settled).isFalse();
        assertThat(written("lead.enriched", leadId)).isZero();
    }

    private UUID waitingLead(String company, String phone) {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing(company))
                .willReturn(aResponse().withStatus(503)));
        LeadEvent.LeadCreated created = lead(orgId, repId, phone, company);
        publish(created);
        await().until(() -> jobNumber(created.leadId(), "attempts") >= 1);
        return created.leadId();
    }
}
