package io.leadpulse.enrichment.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leadpulse.enrichment.integrations.sync.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The cursor sync against the GoHighLevel stand-in: pages committed with their events and the
 * cursor, a crash resumed from the last committed page, tokens refreshed before expiry and after a
 * 401, a revoked grant, the platform's 429s, 5xx, slowness and garbage, and the reconciliation.
 */
class SyncFlowTest extends IntegrationsTestSupport {

    @Autowired
    Reconciliation reconciliation;

    @Test
    void aSyncStoppedAfterPageTwoOfFourResumesAtPageThreeAndSendsNothingTwice() {
        PLATFORM.stubFor(contactsPage(null).willReturn(json(contactsAnswer(List.of("C1", "C2"), "v1", false))));
        PLATFORM.stubFor(contactsPage("C2").willReturn(json(contactsAnswer(List.of("C3", "C4"), "v1", false))));
        PLATFORM.stubFor(contactsPage("C4")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        PLATFORM.stubFor(contactsPage("C6").willReturn(json(contactsAnswer(List.of("C7"), "v1", true))));
        UUID id = connect("access-" + UUID.randomUUID(), "refresh", 86_399);

        await().until(() -> "RETRYING".equals(syncStatus(id, "CONTACTS")));
        Map<String, Object> stopped = syncState(id, "CONTACTS");
        assertThat(stopped.get("pages")).isEqualTo(2L);
        assertThat(stopped.get("last_error").toString()).contains("network");
        assertThat(stopped.get("cursor").toString()).contains("C4");
        assertThat(emitted("integration.contact_synced", id)).containsExactlyInAnyOrder("C1", "C2", "C3", "C4");

        PLATFORM.stubFor(contactsPage("C4").willReturn(json(contactsAnswer(List.of("C5", "C6"), "v1", false))));
        clock.advance(Duration.ofHours(3));

        await().until(() -> synced(id, "CONTACTS"));
        assertThat(emitted("integration.contact_synced", id))
                .containsExactlyInAnyOrder("C1", "C2", "C3", "C4", "C5", "C6", "C7");
        PLATFORM.verify(
                1,
                getRequestedFor(urlPathEqualTo("/contacts/"))
                        .withQueryParam("locationId", equalTo(location))
                        .withQueryParam("startAfterId", com.github.tomakehurst.wiremock.client.WireMock.absent()));
        PLATFORM.verify(1, getRequestedFor(urlPathEqualTo("/contacts/")).withQueryParam("startAfterId", equalTo("C2")));
        Map<String, Object> done = syncState(id, "CONTACTS");
        assertThat(done.get("pages")).isEqualTo(4L);
        assertThat(done.get("records")).isEqualTo(7L);
        assertThat(done.get("last_error")).isNull();

        // Progress went to the org channel with counts only.
        List<JsonNode> progress = realtime("integration.sync_progress", id);
        assertThat(progress).isNotEmpty();
        assertThat(progress.getFirst().get("channels").toString()).isEqualTo("[\"private-org-" + orgId + "\"]");
        assertThat(progress.toString()).doesNotContain("example.test");

        JsonNode api =
                api().get("/api/integrations/" + id + "/sync", adminToken()).json();
        JsonNode contacts = api.get("sync").get(0);
        assertThat(contacts.get("dataType").asString()).isEqualTo("CONTACTS");
        assertThat(contacts.get("status").asString()).isEqualTo("IDLE");
        assertThat(contacts.get("records").asLong()).isEqualTo(7);
        assertThat(contacts.get("cursorAgeSeconds").isNull()).isFalse();

        // The next run starts after the last contact seen: only what is new.
        PLATFORM.stubFor(contactsPage("C7").willReturn(json(contactsAnswer(List.of("C8"), "v1", true))));
        clock.advance(settings.integrations().contactsEvery().plusMinutes(1));
        await().until(() -> emitted("integration.contact_synced", id).size() == 8);
        assertThat(emitted("integration.contact_synced", id)).endsWith("C8");
    }

    @Test
    void aTokenRefusedMidSyncIsRefreshedOnceAndTheSyncGoesOnFromPageTwo() throws Exception {
        String first = "access-" + UUID.randomUUID();
        String second = "access2-" + UUID.randomUUID();
        PLATFORM.stubFor(contactsPage(null).willReturn(json(contactsAnswer(List.of("T1", "T2"), "v1", false))));
        PLATFORM.stubFor(contactsPage("T2")
                .withHeader("Authorization", equalTo("Bearer " + first))
                .willReturn(json("{\"statusCode\": 401, \"message\": \"Invalid JWT\"}")
                        .withStatus(401)));
        PLATFORM.stubFor(contactsPage("T2")
                .withHeader("Authorization", equalTo("Bearer " + second))
                .willReturn(json(contactsAnswer(List.of("T3"), "v1", true))));
        PLATFORM.stubFor(post(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("refresh_token=refresh-" + location))
                .willReturn(json(tokenAnswer(second, "refresh2-" + location, 86_399))));
        UUID id = connect(first, "refresh-" + location, 86_399);

        await().until(() -> synced(id, "CONTACTS"));
        assertThat(emitted("integration.contact_synced", id)).containsExactlyInAnyOrder("T1", "T2", "T3");
        PLATFORM.verify(
                1,
                postRequestedFor(urlPathEqualTo("/oauth/token"))
                        .withRequestBody(containing("grant_type=refresh_token"))
                        .withRequestBody(containing("refresh_token=refresh-" + location)));
        PLATFORM.verify(
                1,
                getRequestedFor(urlPathEqualTo("/contacts/"))
                        .withQueryParam("locationId", equalTo(location))
                        .withQueryParam("startAfterId", com.github.tomakehurst.wiremock.client.WireMock.absent()));
        assertThat(decrypt(id, "access_token")).isEqualTo(second);
        assertThat(decrypt(id, "refresh_token")).isEqualTo("refresh2-" + location);
    }

    @Test
    void aTokenAboutToExpireIsRefreshedBeforeUse() throws Exception {
        String fresh = "fresh-" + UUID.randomUUID();
        PLATFORM.stubFor(post(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("refresh_token=soon-" + location))
                .willReturn(json(tokenAnswer(fresh, "soon2-" + location, 86_399))));
        // Expires in 60 s: inside the 5-minute margin, so the very first page uses a refreshed token.
        UUID id = connect("stale-" + UUID.randomUUID(), "soon-" + location, 60);

        await().until(() -> synced(id, "CONTACTS") && synced(id, "TRANSACTIONS"));
        List<LoggedRequest> reads = PLATFORM.findAll(
                getRequestedFor(urlPathEqualTo("/contacts/")).withQueryParam("locationId", equalTo(location)));
        assertThat(reads)
                .isNotEmpty()
                .allMatch(r -> r.getHeader("Authorization").equals("Bearer " + fresh));
        assertThat(reads).allMatch(r -> "2021-07-28".equals(r.getHeader("Version")));
        // Two syncs (contacts, transactions) needed a token at once: one refresh, under the row lock.
        PLATFORM.verify(
                1,
                postRequestedFor(urlPathEqualTo("/oauth/token"))
                        .withRequestBody(containing("refresh_token=soon-" + location)));
        assertThat(decrypt(id, "access_token")).isEqualTo(fresh);
    }

    @Test
    void aRevokedRefreshTokenMarksTheConnectionNeedsReauthStopsItsSyncsAndTellsTheUser() {
        admin(orgId, adminId);
        PLATFORM.stubFor(post(urlPathEqualTo("/oauth/token"))
                .withRequestBody(containing("refresh_token=revoked-" + location))
                .willReturn(json("{\"error\": \"invalid_grant\", \"error_description\": \"refresh token revoked\"}")
                        .withStatus(400)));
        UUID id = connect("expiring-" + UUID.randomUUID(), "revoked-" + location, 60);

        await().until(() -> "NEEDS_REAUTH".equals(connectionStatus(id)));
        assertThat(syncStatus(id, "CONTACTS")).isEqualTo("STOPPED");
        assertThat(syncStatus(id, "TRANSACTIONS")).isEqualTo("STOPPED");
        assertThat(jdbc.sql("select count(*) from outbox where type = 'integration.needs_reauth' and aggregateid = ?")
                        .param(id.toString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        List<JsonNode> told = realtime("integration.needs_reauth", id);
        assertThat(told).hasSize(1);
        assertThat(told.getFirst().get("channels").toString()).contains("private-user-" + adminId);
        JsonNode view = api().get("/api/integrations/" + id, adminToken()).json();
        assertThat(view.get("status").asString()).isEqualTo("NEEDS_REAUTH");
        assertThat(view.get("statusReason").asString()).contains("invalid_grant");
        assertThat(view.at("/sync/0/status").asString()).isEqualTo("STOPPED");

        // Schedules stopped: time passing asks the platform for nothing more.
        int before = PLATFORM.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))
                        .withRequestBody(containing("revoked-" + location)))
                .size();
        clock.advance(Duration.ofHours(5));
        assertThat(api().get("/api/integrations/" + id + "/sync", adminToken()).status())
                .isEqualTo(200);
        await().during(Duration.ofMillis(500)).until(() -> true);
        assertThat(PLATFORM.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))
                                .withRequestBody(containing("revoked-" + location)))
                        .size())
                .isEqualTo(before);
        PLATFORM.verify(
                0, getRequestedFor(urlPathEqualTo("/contacts/")).withQueryParam("locationId", equalTo(location)));
    }

    @Test
    void a429BurstIsWaitedOutAsRetryAfterSaysAnd5xxIsRetried() {
        String scenario = "burst-" + location;
        PLATFORM.stubFor(contactsPage(null)
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("limited")
                .willReturn(json("{\"message\": \"Too many requests\"}")
                        .withStatus(429)
                        .withHeader("Retry-After", "1")));
        PLATFORM.stubFor(contactsPage(null)
                .inScenario(scenario)
                .whenScenarioStateIs("limited")
                .willSetStateTo("ok")
                .willReturn(json(contactsAnswer(List.of("R1", "R2"), "v1", false))));
        PLATFORM.stubFor(contactsPage("R2")
                .inScenario(scenario)
                .whenScenarioStateIs("ok")
                .willSetStateTo("recovered")
                .willReturn(json("{}").withStatus(503)));
        PLATFORM.stubFor(contactsPage("R2")
                .inScenario(scenario)
                .whenScenarioStateIs("recovered")
                .willReturn(json(contactsAnswer(List.of("R3"), "v1", true))));
        UUID id = connect("access-" + UUID.randomUUID(), "r", 86_399);

        await().until(() -> synced(id, "CONTACTS"));
        List<LoggedRequest> reads = PLATFORM.findAll(
                getRequestedFor(urlPathEqualTo("/contacts/")).withQueryParam("locationId", equalTo(location)));
        assertThat(reads).hasSize(4);
        assertThat(Duration.between(
                        reads.get(0).getLoggedDate().toInstant(),
                        reads.get(1).getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(emitted("integration.contact_synced", id)).containsExactlyInAnyOrder("R1", "R2", "R3");
        assertThat(syncState(id, "CONTACTS").get("errors")).isEqualTo(0);
    }

    @Test
    void manyPagesNeverGoFasterThanThePlatformsRateLimit() {
        int pages = 3 * PLATFORM_RATE_LIMIT;
        for (int i = 0; i < pages; i++) {
            String after = i == 0 ? null : "L" + (2 * i);
            PLATFORM.stubFor(contactsPage(after)
                    .willReturn(json(
                            contactsAnswer(List.of("L" + (2 * i + 1), "L" + (2 * i + 2)), "v1", i == pages - 1))));
        }
        UUID id = connect("access-" + UUID.randomUUID(), "r", 86_399);

        await().atMost(Duration.ofSeconds(30)).until(() -> synced(id, "CONTACTS"));
        List<Instant> at = PLATFORM
                .findAll(getRequestedFor(urlPathEqualTo("/contacts/")).withQueryParam("locationId", equalTo(location)))
                .stream()
                .map(r -> r.getLoggedDate().toInstant())
                .sorted()
                .toList();
        assertThat(at).hasSize(pages);
        // 5 per second (the limiter's cycles): 15 pages take at least two full cycles after the first.
        assertThat(Duration.between(at.getFirst(), at.getLast())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        // No second holds more than two cycles' worth, however the second and the cycles line up.
        for (Instant start : at) {
            long inWindow = at.stream()
                    .filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(1)))
                    .count();
            assertThat(inWindow).isLessThanOrEqualTo(2L * PLATFORM_RATE_LIMIT);
        }
        assertThat(emitted("integration.contact_synced", id)).hasSize(2 * pages);
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        String scenario = "slow-" + location;
        PLATFORM.stubFor(contactsPage(null)
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("fast")
                .willReturn(json(contactsAnswer(List.of("S1"), "v1", true)).withFixedDelay(2_500)));
        PLATFORM.stubFor(contactsPage(null)
                .inScenario(scenario)
                .whenScenarioStateIs("fast")
                .willReturn(json(contactsAnswer(List.of("S1"), "v1", true))));
        UUID id = connect("access-" + UUID.randomUUID(), "r", 86_399);

        await().atMost(Duration.ofSeconds(20)).until(() -> synced(id, "CONTACTS"));
        PLATFORM.verify(
                2, getRequestedFor(urlPathEqualTo("/contacts/")).withQueryParam("locationId", equalTo(location)));
        assertThat(emitted("integration.contact_synced", id)).containsExactly("S1");
    }

    @Test
    void garbageJsonIsRetriedABoundedNumberOfTimesThenTheSyncShowsTheError() {
        PLATFORM.stubFor(contactsPage(null).willReturn(json("{\"contacts\": [ ,,")));
        UUID id = connect("access-" + UUID.randomUUID(), "r", 86_399);

        await().until(() -> "RETRYING".equals(syncStatus(id, "CONTACTS")));
        assertThat(syncState(id, "CONTACTS").get("last_error").toString()).contains("not JSON");
        clock.advance(Duration.ofHours(3));
        await().until(() -> "FAILED".equals(syncStatus(id, "CONTACTS")));
        Map<String, Object> failed = syncState(id, "CONTACTS");
        assertThat(failed.get("invalid_answers")).isEqualTo(2);
        assertThat(failed.get("cursor")).isNull();
        assertThat(((java.sql.Timestamp) failed.get("next_run_at")).toInstant())
                .isAfter(clock.instant()
                        .plus(settings.integrations().contactsEvery())
                        .minusSeconds(5));
        // Not a crash loop: two tries, one per due run; nothing emitted, nothing skipped.
        await().during(Duration.ofMillis(300)).until(() -> true);
        PLATFORM.verify(
                2, getRequestedFor(urlPathEqualTo("/contacts/")).withQueryParam("locationId", equalTo(location)));
        assertThat(emitted("integration.contact_synced", id)).isEmpty();
        assertThat(api().get("/api/integrations/" + id + "/sync", adminToken())
                        .json()
                        .at("/sync/0/lastError")
                        .asString())
                .contains("not JSON");
    }

    @Test
    void transactionsArriveInMinorUnitsOncePerVersion() {
        PLATFORM.stubFor(get(urlPathEqualTo("/payments/transactions"))
                .withQueryParam("altId", equalTo(location))
                .withQueryParam("altType", equalTo("location"))
                .withQueryParam("offset", equalTo("0"))
                .willReturn(json("""
                        {"data": [
                          {"_id": "tx-1", "contactId": "C1", "contactEmail": "c1@example.test", "currency": "usd",
                           "amount": 49.99, "status": "succeeded", "createdAt": "2026-03-01T10:00:00.000Z",
                           "updatedAt": "2026-03-01T10:00:00.000Z"},
                          {"_id": "tx-2", "currency": "JPY", "amount": 500, "status": "succeeded",
                           "createdAt": "2026-03-02T10:00:00.000Z"}],
                         "totalCount": 2}
                        """)));
        UUID id = connect("access-" + UUID.randomUUID(), "r", 86_399);

        await().until(() -> synced(id, "TRANSACTIONS"));
        assertThat(emitted("integration.transaction_synced", id)).containsExactlyInAnyOrder("tx-1", "tx-2");
        List<String> amounts =
                jdbc.sql("""
                        select (payload -> 'data' ->> 'amountMinor') || ' ' || (payload -> 'data' ->> 'currency')
                        from outbox where type = 'integration.transaction_synced' and payload -> 'data' ->> 'connectionId' = ?
                        order by created_at, id
                        """).param(id.toString()).query(String.class).list();
        assertThat(amounts).containsExactlyInAnyOrder("4999 USD", "500 JPY");
        // The next pass starts at the newest payment seen.
        assertThat(syncState(id, "TRANSACTIONS").get("cursor").toString()).contains("2026-03-02T10:00:00Z");
    }

    @Test
    void theReconciliationWalksEverythingAndSendsOnlyWhatChanged() {
        PLATFORM.stubFor(contactsPage(null).willReturn(json(contactsAnswer(List.of("K1", "K2"), "v1", false))));
        PLATFORM.stubFor(contactsPage("K2").willReturn(json(contactsAnswer(List.of("K3"), "v1", true))));
        UUID id = connect("access-" + UUID.randomUUID(), "r", 86_399);
        await().until(() -> synced(id, "CONTACTS"));
        assertThat(emitted("integration.contact_synced", id)).containsExactlyInAnyOrder("K1", "K2", "K3");

        // K2 changed behind the cursor (a missed update); the cursor alone would never see it.
        PLATFORM.stubFor(contactsPage(null)
                .willReturn(json(
                        contactsAnswer(List.of("K1", "K2"), "v2", false).replace("\"First K1\"", "\"First K1\""))));
        String changed = contactsAnswer(List.of("K1", "K2"), "v1", false).replace("Co K2", "Co K2 renamed");
        PLATFORM.stubFor(contactsPage(null).willReturn(json(changed)));
        reconciliation.start();

        await().until(() -> syncState(id, "CONTACTS").get("last_reconciled_at") != null);
        assertThat(emitted("integration.contact_synced", id)).containsExactlyInAnyOrder("K1", "K2", "K3", "K2");
        assertThat(syncState(id, "CONTACTS").get("mode")).isEqualTo("INCREMENTAL");
        assertThat(syncState(id, "CONTACTS").get("cursor").toString()).contains("K3");
    }
}
