package io.leadpulse.enrichment.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.enrichment.EnrichmentServiceTestSupport;
import io.leadpulse.platform.events.LeadEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every way a provider lets us down ends in a clear state: the job waits with a next-attempt time
 * and resumes, or settles for what is known; never a lost lead, never a crash loop, never two events.
 */
class ProviderFailuresTest extends EnrichmentServiceTestSupport {

    private final UUID orgId = UUID.randomUUID();
    private final UUID repId = UUID.randomUUID();

    @Test
    void aProviderDownKeepsTheJobPendingWithANextAttemptAndItResumesOnceBack() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Down Dynamics"))
                .willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));
        UUID leadId = create("+13125550150", "Down Dynamics");

        await().until(() -> jobNumber(leadId, "attempts") >= 1);
        Map<String, Object> waiting = job(leadId);
        assertThat(waiting.get("status")).isEqualTo("PENDING");
        assertThat(waiting.get("last_error").toString()).contains("HTTP 503");
        assertThat(((java.sql.Timestamp) waiting.get("next_attempt_at")).toInstant())
                .isAfter(clock.instant().plus(Duration.ofMinutes(50)));
        assertThat(written("lead.enriched", leadId)).isZero();
        // retry-attempts=2: one call and one retry, then the job was put back rather than spun on.
        GEO.verify(2, getRequestedFor(urlPathEqualTo("/search.json")).withQueryParam("q", containing("Down Dynamics")));

        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Down Dynamics"))
                .willReturn(aResponse().withBody(serpAnswer(41.88, -87.63, "1 Loop, Chicago, IL 60601"))));
        clock.advance(Duration.ofHours(3));

        await().until(() -> "DONE".equals(jobStatus(leadId)));
        assertThat(written("lead.enriched", leadId)).isEqualTo(1);
        assertThat(written("lead.personalized", leadId)).isEqualTo(1);
        assertThat(job(leadId).get("geo_source")).isEqualTo("serpapi");
    }

    @Test
    void aBurstOf429sWithRetryAfterIsWaitedOutWithinTheCall() {
        String scenario = "burst-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            GEO.stubFor(get(urlPathEqualTo("/search.json"))
                    .withQueryParam("q", containing("Bursty Bakery"))
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? STARTED : "429-" + i)
                    .willSetStateTo("429-" + (i + 1))
                    .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        }
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Bursty Bakery"))
                .inScenario(scenario)
                .whenScenarioStateIs("429-2")
                .willReturn(aResponse().withBody(serpAnswer(47.6, -122.3, "9 Pike St, Seattle, WA 98101"))));
        UUID leadId = create("+12065550151", "Bursty Bakery");

        await().until(() -> jobNumber(leadId, "attempts") == 1);
        assertThat(job(leadId).get("last_error").toString()).contains("429");
        clock.advance(Duration.ofHours(3));
        await().until(() -> "DONE".equals(jobStatus(leadId)));
        // First 429: retried within the call after Retry-After; the second 429 used the last attempt
        // (retry-attempts=2), so the job was put back once and the third request succeeded.
        var requests = GEO.findAll(
                getRequestedFor(urlPathEqualTo("/search.json")).withQueryParam("q", containing("Bursty Bakery")));
        assertThat(requests).hasSize(3);
        assertThat(Duration.between(
                        requests.get(0).getLoggedDate().toInstant(),
                        requests.get(1).getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(written("lead.enriched", leadId)).isEqualTo(1);
        assertThat(job(leadId).get("city")).isEqualTo("Seattle");
    }

    @Test
    void garbageJsonIsRetriedABoundedNumberOfTimesThenTheOfflineAnswerIsUsed() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Garbled Goods"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"local_results\": [ ,,")));
        UUID leadId = create("+13125550152", "Garbled Goods");

        await().until(() -> jobNumber(leadId, "invalid_answers") == 1);
        assertThat(job(leadId).get("last_error").toString()).contains("not JSON");
        clock.advance(Duration.ofHours(3));
        await().until(() -> jobNumber(leadId, "invalid_answers") == 2);
        clock.advance(Duration.ofHours(3));

        await().until(() -> "DONE".equals(jobStatus(leadId)));
        Map<String, Object> done = job(leadId);
        assertThat(done.get("geo_source")).isEqualTo("offline");
        assertThat(done.get("timezone")).isEqualTo("America/Chicago");
        assertThat(done.get("country")).isEqualTo("US");
        assertThat(done.get("first_line_source")).isEqualTo("template");
        assertThat(written("lead.enriched", leadId)).isEqualTo(1);
        // Garbage is not worth an in-call retry: one request per job attempt.
        GEO.verify(2, getRequestedFor(urlPathEqualTo("/search.json")).withQueryParam("q", containing("Garbled Goods")));
    }

    @Test
    void aSlowAnswerTimesOutAndTheJobWaits() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Sluggish Systems"))
                .willReturn(aResponse().withFixedDelay(3_000).withBody(serpAnswer(1, 1, "x"))));
        UUID leadId = create("+13125550153", "Sluggish Systems");

        await().atMost(Duration.ofSeconds(30)).until(() -> jobNumber(leadId, "attempts") >= 1);
        assertThat(job(leadId).get("last_error").toString()).contains("timed out");
        assertThat(jobStatus(leadId)).isEqualTo("PENDING");
        assertThat(written("lead.enriched", leadId)).isZero();
    }

    @Test
    void aLeadWithNoPhoneOrCompanyIsPersonalizedAndItsGeoSkippedWithAReason() {
        LeadEvent.LeadCreated created = new LeadEvent.LeadCreated(
                orgId,
                UUID.randomUUID(),
                "Grace",
                null,
                "grace@example.test",
                null,
                null,
                "NEW",
                repId,
                java.util.List.of(),
                "test",
                repId,
                Instant.now());
        publish(created);
        UUID leadId = created.leadId();

        await().until(() -> "DONE".equals(jobStatus(leadId)));
        Map<String, Object> done = job(leadId);
        assertThat(done.get("geo_status")).isEqualTo("SKIPPED");
        assertThat(done.get("geo_note")).isEqualTo("no phone number or company to search by");
        assertThat(done.get("first_line_status")).isEqualTo("DONE");
        assertThat(done.get("attempts")).isEqualTo(0);
        assertThat(written("lead.enriched", leadId)).isZero();
        assertThat(written("lead.personalized", leadId)).isEqualTo(1);
    }

    @Test
    void theGeoFoundBeforeTheChatProviderFailedIsSentOnceAndNotLookedUpAgain() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Halfway House"))
                .willReturn(aResponse().withBody(serpAnswer(29.76, -95.37, "5 Main St, Houston, TX 77002"))));
        AI.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("Halfway House"))
                .willReturn(aResponse().withStatus(500)));
        UUID leadId = create("+17135550154", "Halfway House");

        await().until(() -> written("lead.enriched", leadId) == 1 && jobNumber(leadId, "attempts") >= 1);
        assertThat(jobStatus(leadId)).isEqualTo("PENDING");
        assertThat(job(leadId).get("first_line_status")).isEqualTo("PENDING");

        AI.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("Halfway House"))
                .willReturn(aResponse().withBody(chatAnswer("Houston's best halfway house deserves better leads."))));
        clock.advance(Duration.ofHours(3));

        await().until(() -> "DONE".equals(jobStatus(leadId)));
        assertThat(job(leadId).get("first_line")).isEqualTo("Houston's best halfway house deserves better leads.");
        assertThat(written("lead.enriched", leadId)).isEqualTo(1);
        GEO.verify(1, getRequestedFor(urlPathEqualTo("/search.json")).withQueryParam("q", containing("Halfway House")));
    }

    @Test
    void theSameSearchIsAnsweredFromTheCache() {
        GEO.stubFor(get(urlPathEqualTo("/search.json"))
                .withQueryParam("q", containing("Cached Cafe"))
                .willReturn(aResponse().withBody(serpAnswer(33.75, -84.39, "7 Peach St, Atlanta, GA 30303"))));
        UUID first = create("+14045550155", "Cached Cafe");
        await().until(() -> "DONE".equals(jobStatus(first)));
        UUID second = create("+14045550156", "  cached   CAFE ");

        await().until(() -> "DONE".equals(jobStatus(second)));
        assertThat(job(second).get("latitude")).isEqualTo(33.75);
        GEO.verify(
                1,
                getRequestedFor(urlPathEqualTo("/search.json"))
                        .withQueryParam("q", matching("(?i).*cached\\s+cafe.*")));
    }

    private UUID create(String phone, String company) {
        LeadEvent.LeadCreated created = lead(orgId, repId, phone, company);
        publish(created);
        return created.leadId();
    }
}
