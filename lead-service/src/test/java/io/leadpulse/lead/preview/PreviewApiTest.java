package io.leadpulse.lead.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.lead.settings.OrgSettings;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreviewApiTest extends PreviewTestSupport {

    private static final String HOSTILE_NAME = "<script>alert(1)</script>";
    private static final String HOSTILE_COMPANY = "\"><img src=x onerror=alert(2)>";

    @Autowired
    private OrgSettingsRepository orgSettings;

    private final EventCodec codec = new EventCodec();
    private Org org;

    @BeforeAll
    void organisation() {
        org = newOrg();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", "Acme </title><script>alert(3)</script>");
        profile.put("tagline", "We're \"the best\" & <b>cheapest</b>");
        profile.put("website", "javascript:alert(4)");
        profile.put("phone", "+1 415 555 0100\"><svg onload=alert(5)>");
        profile.put("email", "sales@acme.test");
        OrgSettings defaults = orgSettings.find(org.id());
        OrgSettings hostile = new OrgSettings(
                org.id(),
                profile,
                defaults.hotLeadViews(),
                defaults.hotLeadWindowMinutes(),
                defaults.quietHoursStart(),
                defaults.quietHoursEnd(),
                defaults.timezone(),
                defaults.phoneRegion(),
                defaults.monthlyTargets(),
                defaults.version());
        assertThat(orgSettings.save(hostile, defaults.version())).isTrue();
    }

    @Test
    void rendersTheProposalWithEveryLeadAndProfileValueEscapedUnderAStrictPolicy() {
        CreatedLead lead = createLead(org.admin(), HOSTILE_NAME, HOSTILE_COMPANY, null);

        ApiClient.Response page = api().get("/p/" + lead.previewToken(), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.body();
        assertThat(html)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
                .contains("Acme &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;")
                .contains("We&#39;re &quot;the best&quot; &amp; &lt;b&gt;cheapest&lt;/b&gt;")
                .doesNotContain("<script>alert")
                .doesNotContain("<img")
                .doesNotContain("<svg")
                .doesNotContain("<b>")
                .doesNotContain("href=\"javascript:")
                .contains("Accept quote")
                .contains("href=\"mailto:sales@acme.test\"");
        // Exactly the two scripts of the page: the JSON settings block and the nonce'd beacon.
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(2);

        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'").matcher(csp);
        assertThat(nonce.find()).as(csp).isTrue();
        assertThat(html).contains("<script nonce=\"" + nonce.group(1) + "\">");
        assertThat(csp)
                .contains("default-src 'none'")
                .contains("connect-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Robots-Tag"))
                .hasValueSatisfying(v -> assertThat(v).contains("noindex"));
        assertThat(page.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));

        for (String header :
                List.of("Content-Security-Policy", "X-Content-Type-Options", "Cache-Control", "X-Frame-Options")) {
            assertThat(page.headers().allValues(header)).as(header + " once").hasSize(1);
        }

        String again = api().get("/p/" + lead.previewToken(), null)
                .headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow();
        assertThat(again).as("a fresh nonce per response").isNotEqualTo(csp);
    }

    @Test
    void anUnknownOrMalformedTokenIsAPlainHtml404() {
        for (String token : new String[] {"0".repeat(64), "not-a-token", "A".repeat(64), "%3Cscript%3E"}) {
            ApiClient.Response page = api().get("/p/" + token, null);

            assertThat(page.status()).as(token).isEqualTo(404);
            assertThat(page.contentType()).as(token).startsWith("text/html");
            assertThat(page.body()).doesNotContain("<script");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
        }
        ApiClient.Response event = beacon("0".repeat(64), "{\"type\":\"VIEW\"}");
        assertThat(event.status()).isEqualTo(404);
        assertThat(event.isProblem()).isTrue();
    }

    @Test
    void eventsUpdateTheCountersAndTheScoreByTheFormulaInOneTransactionWithTheirMessages() {
        CreatedLead lead = createLead(org.admin(), "Grace", "Navy", org.rep1Id());
        try (TopicProbe probe = TopicProbe.subscribe(Topics.LEAD_EVENTS, Topics.REALTIME_MESSAGES)) {
            assertThat(beacon(lead.previewToken(), "{\"type\":\"VIEW\",\"clientEventId\":\"v1\"}")
                            .status())
                    .isEqualTo(204);
            assertThat(beacon(lead.previewToken(), "{\"type\":\"VIEW\",\"clientEventId\":\"v2\"}")
                            .status())
                    .isEqualTo(204);
            assertThat(beacon(lead.previewToken(), "{\"type\":\"CTA_CLICK\",\"clientEventId\":\"c1\"}")
                            .status())
                    .isEqualTo(204);
            assertThat(beacon(
                                    lead.previewToken(),
                                    "{\"type\":\"HEARTBEAT\",\"secondsOnPage\":90,\"clientEventId\":\"h1\"}")
                            .status())
                    .isEqualTo(204);

            Map<String, Object> row = leadRow(lead.id());
            assertThat(row.get("views")).isEqualTo(2);
            assertThat(row.get("cta_clicks")).isEqualTo(1);
            assertThat(row.get("seconds_on_page")).isEqualTo(90);
            // (2*10 + 1*20 + 0*15 + 90/60*5) / 100 = 47.5 / 100 = 0.475, kept as 0.48
            assertThat((BigDecimal) row.get("engagement_score")).isEqualByComparingTo("0.48");
            assertThat(row.get("status")).isEqualTo("NEW");
            assertThat(api().get("/api/leads/" + lead.id(), org.admin())
                            .json()
                            .get("engagementScore")
                            .decimalValue())
                    .isEqualByComparingTo("0.48");

            assertThat(timelineCount(lead.id(), "preview.viewed")).isEqualTo(2);
            assertThat(timelineCount(lead.id(), "preview.cta_clicked")).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from lead_activity where lead_id = ? and type like 'preview.%'")
                            .param(lead.id())
                            .query(Long.class)
                            .single())
                    .as("heartbeats add no timeline entries")
                    .isEqualTo(3);

            ConsumerRecord<String, String> click = probe.await(
                    Topics.LEAD_EVENTS,
                    r -> r.key().equals(lead.id().toString())
                            && r.value().contains("lead.preview_engaged")
                            && r.value().contains("CTA_CLICK"));
            EventEnvelope envelope = codec.readEnvelope(click.value());
            LeadEvent.PreviewEngaged engaged =
                    (LeadEvent.PreviewEngaged) codec.decode(envelope).orElseThrow();
            assertThat(engaged.views()).isEqualTo(2);
            assertThat(engaged.assigneeId()).isEqualTo(org.rep1Id());

            ConsumerRecord<String, String> realtime = probe.await(
                    Topics.REALTIME_MESSAGES,
                    r -> r.value().contains("lead.engagement_updated")
                            && r.value().contains(lead.id().toString())
                            && r.value().contains("HEARTBEAT"));
            RealtimeMessage message = codec.read(realtime.value(), RealtimeMessage.class);
            assertThat(message.channels())
                    .contains(
                            "private-lead-" + lead.id(),
                            "private-user-" + org.rep1Id(),
                            "private-user-" + org.adminId())
                    .noneMatch(channel -> channel.startsWith("private-org-"));
        }
    }

    @Test
    void aRepeatedClientEventIdChangesNothing() {
        CreatedLead lead = createLead(org.admin(), "Linus", "Kernel", null);
        String event = "{\"type\":\"VIEW\",\"clientEventId\":\"same-view\"}";

        assertThat(beacon(lead.previewToken(), event).status()).isEqualTo(204);
        assertThat(beacon(lead.previewToken(), event).status()).isEqualTo(204);
        assertThat(beacon(lead.previewToken(), "{\"type\":\"CTA_CLICK\",\"clientEventId\":\"same-view\"}")
                        .status())
                .isEqualTo(204);

        Map<String, Object> row = leadRow(lead.id());
        assertThat(row.get("views")).isEqualTo(1);
        assertThat(row.get("cta_clicks")).isEqualTo(0);
        assertThat(timelineCount(lead.id(), "preview.viewed")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from outbox where aggregateid = ? and type = 'lead.preview_engaged'")
                        .param(lead.id().toString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void timeOnPageIsCappedPerViewSoAForgedBeaconCannotInflateIt() {
        CreatedLead lead = createLead(org.admin(), "Barbara", "Liskov", null);
        String huge = "{\"type\":\"HEARTBEAT\",\"secondsOnPage\":86400}";

        beacon(lead.previewToken(), huge);
        assertThat(leadRow(lead.id()).get("seconds_on_page")).as("no view yet").isEqualTo(0);

        view(lead.previewToken());
        view(lead.previewToken());
        beacon(lead.previewToken(), huge);
        assertThat(leadRow(lead.id()).get("seconds_on_page")).isEqualTo(1800);
        beacon(lead.previewToken(), huge);
        beacon(lead.previewToken(), huge);
        Map<String, Object> row = leadRow(lead.id());
        assertThat(row.get("seconds_on_page")).as("1800 s per view, two views").isEqualTo(3600);
        // (2*10 + 3600/60*5) / 100 = 3.2
        assertThat((BigDecimal) row.get("engagement_score")).isEqualByComparingTo("3.20");
    }

    @Test
    void aQuoteAcceptanceCountsAsAClickAndIsOnTheTimeline() {
        CreatedLead lead = createLead(org.admin(), "Ken", "Bell Labs", null);

        view(lead.previewToken());
        assertThat(beacon(lead.previewToken(), "{\"type\":\"quote_accepted\"}").status())
                .isEqualTo(204);

        Map<String, Object> row = leadRow(lead.id());
        assertThat(row.get("cta_clicks")).isEqualTo(1);
        assertThat((BigDecimal) row.get("engagement_score")).isEqualByComparingTo("0.30");
        assertThat(timelineCount(lead.id(), "preview.quote_accepted")).isEqualTo(1);
    }

    @Test
    void aBadEventIs400NamingTheField() {
        CreatedLead lead = createLead(org.admin(), "Edsger", "THE", null);

        assertField(beacon(lead.previewToken(), "{}"), "type");
        assertField(beacon(lead.previewToken(), "{\"type\":\"PURCHASE\"}"), "type");
        assertField(beacon(lead.previewToken(), "{\"type\":42}"), "type");
        assertField(beacon(lead.previewToken(), "{\"type\":\"HEARTBEAT\",\"secondsOnPage\":-5}"), "secondsOnPage");
        assertField(beacon(lead.previewToken(), "{\"type\":\"HEARTBEAT\",\"secondsOnPage\":\"ten\"}"), "secondsOnPage");
        assertField(beacon(lead.previewToken(), "{\"type\":\"HEARTBEAT\",\"secondsOnPage\":1.5}"), "secondsOnPage");
        assertField(beacon(lead.previewToken(), "{\"type\":\"VIEW\",\"clientEventId\":\"<x>\"}"), "clientEventId");
        assertField(
                beacon(lead.previewToken(), "{\"type\":\"VIEW\",\"clientEventId\":\"" + "x".repeat(65) + "\"}"),
                "clientEventId");
        ApiClient.Response notJson = beacon(lead.previewToken(), "not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.isProblem()).isTrue();
        ApiClient.Response array = beacon(lead.previewToken(), "[1]");
        assertThat(array.status()).isEqualTo(400);

        assertThat(leadRow(lead.id()).get("views")).isEqualTo(0);
    }

    @Test
    void aPageThatSendsTooManyEventsGets429WithRetryAfter() {
        CreatedLead lead = createLead(org.admin(), "Alan", "Bletchley", null);

        // 30 a minute, refilled continuously: the first refusal comes once the 30 are spent (a slow
        // machine may have earned a few back meanwhile).
        Refusal refusal = sendUntilRefused(
                () -> beacon(lead.previewToken(), "{\"type\":\"HEARTBEAT\",\"secondsOnPage\":1}"), 204, 60);

        assertThat(refusal.accepted()).isBetween(30, 40);
        assertThat(refusal.response().isProblem()).isTrue();
        assertThat(refusal.response().headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(beacon(lead.previewToken(), "{\"type\":\"VIEW\"}").status()).isEqualTo(429);
        assertThat(leadRow(lead.id()).get("views")).isEqualTo(0);
        // Another page is not held back by this one.
        CreatedLead other = createLead(org.admin(), "Joan", "Clarke", null);
        assertThat(view(other.previewToken()).status()).isEqualTo(204);
    }

    @Test
    void oneClientAddressThatSendsTooManyEventsGets429BeforeAnyLookup() {
        String address = nextAddress();
        String unknown = "f".repeat(64);

        // Each request claims another origin in front; only the hop the last proxy appended counts,
        // so a client cannot dodge the limit by sending its own X-Forwarded-For.
        Refusal refusal = sendUntilRefused(
                () -> beacon(unknown, "{\"type\":\"VIEW\"}", nextAddress() + ", " + address), 404, 200);

        assertThat(refusal.accepted()).isBetween(120, 150);
        assertThat(refusal.response().headers().firstValue("Retry-After")).isPresent();
        assertThat(beacon(unknown, "{\"type\":\"VIEW\"}", nextAddress()).status())
                .as("other addresses go on")
                .isEqualTo(404);
    }

    private record Refusal(int accepted, ApiClient.Response response) {}

    /** Sends until the first 429; every answer before it must be {@code expected}. */
    private static Refusal sendUntilRefused(Supplier<ApiClient.Response> send, int expected, int atMost) {
        for (int i = 0; i < atMost; i++) {
            ApiClient.Response response = send.get();
            if (response.status() == 429) {
                return new Refusal(i, response);
            }
            assertThat(response.status()).as("event " + i).isEqualTo(expected);
        }
        throw new AssertionError("no 429 after " + atMost + " events");
    }

    private long timelineCount(UUID leadId, String type) {
        return jdbc.sql("select count(*) from lead_activity where lead_id = ? and type = ?")
                .params(leadId, type)
                .query(Long.class)
                .single();
    }

    private static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("errors").get(0).get("field").asString())
                .as(response.body())
                .isEqualTo(field);
    }
}
