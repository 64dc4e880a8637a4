package io.leadpulse.notification.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.OrgEvent;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Weekly insights: figures known from seeded events (in the org's time zone, each event once,
 * another org's never), the API for admins, one email per admin per week with the HTML report and
 * the same report as a PDF, even with two senders at once, and a failed send retried.
 */
class WeeklyInsightsTest extends NotificationTestSupport {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired
    WeeklyReports reports;

    private final UUID org = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID repA = UUID.randomUUID();
    private final UUID repB = UUID.randomUUID();
    private final UUID otherOrg = UUID.randomUUID();
    private final UUID otherAdmin = UUID.randomUUID();
    private final List<EventEnvelope> sent = new ArrayList<>();

    /** The last complete week in New York, the one the report covers now. */
    private IsoWeek week() {
        return IsoWeek.of(LocalDate.ofInstant(clock.instant(), NEW_YORK)).previous();
    }

    private ZonedDateTime monday() {
        return week().monday().atStartOfDay(NEW_YORK);
    }

    private void seed() {
        ZonedDateTime m = monday();
        sent.add(send(new AccountEvent.UserCreated(
                org, admin, "Ada Admin", admin + "@example.test", "ADMIN", true, Instant.now())));
        sent.add(send(
                new AccountEvent.UserCreated(org, repA, "Rep A", repA + "@example.test", "REP", true, Instant.now())));
        sent.add(send(new AccountEvent.UserCreated(
                org, repB, "Bea Rep", repB + "@example.test", "REP", true, Instant.now())));
        sent.add(send(new AccountEvent.UserCreated(
                otherOrg, otherAdmin, "Other", otherAdmin + "@example.test", "ADMIN", true, Instant.now())));
        // monthly targets: a week is × 12 / 52, so 52 leads a month are 12.0 a week
        sent.add(send(new OrgEvent.SettingsUpdated(
                org,
                "Acme <Tools>",
                "America/New_York",
                Map.of("leads", 52L, "replied", 13L, "won", 26L, "revenueMinor", 520_000L),
                3,
                admin,
                Instant.now())));
        // an older version arriving late changes nothing (it would say UTC)
        sent.add(send(new OrgEvent.SettingsUpdated(org, "Old name", "UTC", Map.of(), 2, admin, Instant.now())));

        UUID lead1 = UUID.randomUUID();
        UUID lead2 = UUID.randomUUID();
        UUID lead3 = UUID.randomUUID();
        EventEnvelope created1 = codec.wrap(created(org, lead1, repA, m.plusHours(1)), null);
        send(Topics.LEAD_EVENTS, created1);
        send(Topics.LEAD_EVENTS, created1); // redelivered: counted once
        sent.add(created1);
        sent.add(send(created(org, lead2, repB, m.plusDays(2))));
        // Sunday 23:00 in New York is Monday 04:00 UTC: inside the New York week, outside the UTC one
        sent.add(send(created(org, lead3, repA, m.plusDays(6).plusHours(23))));
        // Sunday 18:00 in New York (23:00 UTC): the week before in both zones
        sent.add(send(created(org, UUID.randomUUID(), repA, m.minusHours(6))));
        sent.add(send(new LeadEvent.LeadBecameHot(
                org, lead1, repA, 3, 10, m.plusDays(1).toInstant())));
        sent.add(send(new LeadEvent.LeadBecameHot(
                org, lead1, repA, 3, 10, m.plusDays(1).plusHours(1).toInstant())));
        sent.add(send(new LeadEvent.LeadBecameHot(
                org, lead2, repB, 3, 10, m.plusDays(2).toInstant())));
        sent.add(send(status(org, lead3, "NEW", "CONTACTED", repA, m.plusDays(1))));
        sent.add(send(status(org, lead1, "HOT", "WON", repA, m.plusDays(2))));
        sent.add(send(status(org, lead1, "WON", "PAID", repA, m.plusDays(3)))); // the same lead: one conversion
        sent.add(send(status(org, lead2, "HOT", "WON", repB, m.plusDays(3))));
        sent.add(inbound(org, lead2, repB, m.plusDays(2)));
        sent.add(inbound(org, lead2, repB, m.plusDays(2).plusHours(1)));
        sent.add(inbound(org, lead1, null, m.plusDays(2))); // no assignee in the event: the directory's (repA)
        sent.add(money("payment.succeeded", org, 150_000, m.plusDays(4)));
        sent.add(money("payment.refunded", org, 30_000, m.plusDays(5)));
        sent.add(money("payment.succeeded", org, 70_000, m.plusDays(8))); // next week

        sent.add(send(created(otherOrg, UUID.randomUUID(), otherAdmin, m.plusDays(1))));
        sent.add(money("payment.succeeded", otherOrg, 999, m.plusDays(1)));
        awaitProcessed(sent.toArray(EventEnvelope[]::new));
    }

    @Test
    void figuresForAnAdminInTheOrgsTimeZoneAndOneEmailWithTheReportAsPdfEvenWithTwoSenders() throws Exception {
        seed();
        String week = week().toString();

        ApiClient.Response response = api().get("/api/insights/weekly?week=" + week, token(admin, org, "ADMIN"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode w = response.json();
        assertThat(w.get("week").asString()).isEqualTo(week);
        assertThat(w.get("timezone").asString()).isEqualTo("America/New_York");
        assertThat(w.get("companyName").asString()).isEqualTo("Acme <Tools>");
        assertThat(w.get("newLeads").asLong()).isEqualTo(3);
        assertThat(w.get("contacted").asLong()).isEqualTo(1);
        assertThat(w.get("replies").asLong()).isEqualTo(3);
        assertThat(w.get("hotLeads").asLong()).isEqualTo(2);
        assertThat(w.get("conversions").asLong()).isEqualTo(2);
        assertThat(w.get("revenue").size()).isEqualTo(1);
        assertThat(w.get("revenue").get(0).get("currency").asString()).isEqualTo("USD");
        assertThat(w.get("revenue").get(0).get("netMinor").asLong()).isEqualTo(120_000);
        assertThat(w.get("bestRep").get("userId").asString()).isEqualTo(repB.toString());
        assertThat(w.get("bestRep").get("name").asString()).isEqualTo("Bea Rep");
        assertThat(w.get("bestRep").get("conversions").asLong()).isEqualTo(1);
        assertThat(w.get("bestRep").get("replies").asLong()).isEqualTo(2);
        assertThat(w.get("targets")
                        .valueStream()
                        .map(t -> t.get("metric").asString() + " "
                                + t.get("actual").asLong() + "/"
                                + t.get("weeklyTarget").asDouble() + " "
                                + t.get("percent").asLong() + "%")
                        .toList())
                .containsExactly(
                        "leads 3/12.0 25%", "replied 3/3.0 100%", "won 2/6.0 33%", "revenueMinor 120000/120000.0 100%");

        // the other org sees only its own
        JsonNode other = api().get("/api/insights/weekly?week=" + week, token(otherAdmin, otherOrg, "ADMIN"))
                .json();
        assertThat(other.get("newLeads").asLong()).isEqualTo(1);
        assertThat(other.get("revenue").get(0).get("netMinor").asLong()).isEqualTo(999);
        assertThat(other.get("bestRep").isNull()).isTrue();

        assertThat(api().get("/api/insights/weekly?week=" + week, token(repA, org, "REP"))
                        .status())
                .isEqualTo(403);
        ApiClient.Response bad = api().get("/api/insights/weekly?week=2026-W54", token(admin, org, "ADMIN"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"week\"");
        assertThat(api().get("/api/insights/weekly", token(admin, org, "ADMIN"))
                        .json()
                        .get("week")
                        .asString())
                .isEqualTo(week);

        // two instances at once: one report, one email per admin
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> senders = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return reports.sendDue(List.of(org));
                }))
                .toList();
        int reportsSent = senders.stream().mapToInt(CompletableFuture::join).sum();
        assertThat(reportsSent).isEqualTo(1);
        assertThat(reports.sendDue(List.of(org))).isZero(); // and later rounds send nothing either

        await().until(() -> to(admin + "@example.test").size() == 1);
        MimeMessage mail = to(admin + "@example.test").getFirst();
        assertThat(mail.getSubject()).isEqualTo("Your LeadPulse week " + week + " at Acme <Tools>");
        List<Part> parts = new ArrayList<>();
        flatten(mail, parts);
        String html = parts.stream()
                .filter(p -> isType(p, "text/html"))
                .map(WeeklyInsightsTest::content)
                .findFirst()
                .orElseThrow();
        assertThat(html).contains("Acme &lt;Tools&gt;").contains("1200.00 USD").contains("Bea Rep");
        Part pdf = parts.stream()
                .filter(p -> isType(p, "application/pdf"))
                .findFirst()
                .orElseThrow();
        assertThat(pdf.getFileName()).isEqualTo("leadpulse-insights-" + week + ".pdf");
        String pdfText = pdfText(pdf);
        assertThat(pdfText)
                .contains("1200.00 USD")
                .contains("Bea Rep: 1 won, 2 replies")
                .contains("Week " + week);
        // reps and the other org get no report
        assertThat(to(repA + "@example.test")).isEmpty();
        assertThat(to(otherAdmin + "@example.test")).isEmpty();
    }

    @Test
    void aSendThatFailsMidwayLeavesNothingAndTheNextRoundSends() throws Exception {
        UUID failingOrg = UUID.randomUUID();
        UUID failingAdmin = UUID.randomUUID();
        awaitProcessed(send(new AccountEvent.UserCreated(
                failingOrg, failingAdmin, "F", failingAdmin + "@example.test", "ADMIN", true, Instant.now())));
        // a real fault in the database: queuing this org's email fails (as a crash before commit would)
        jdbc.sql("""
                        create or replace function fail_insights_email() returns trigger language plpgsql as $$
                        begin raise exception 'disk full'; end $$
                        """).update();
        jdbc.sql("create trigger fail_insights_email before insert on email_delivery for each row when (new.org_id = '"
                        + failingOrg + "') execute function fail_insights_email()")
                .update();
        try {
            assertThat(reports.sendDue(List.of(failingOrg))).isZero();
            assertThat(jdbc.sql("select count(*) from insight_report where org_id = ?")
                            .param(failingOrg)
                            .query(Long.class)
                            .single())
                    .isZero();
        } finally {
            jdbc.sql("drop trigger fail_insights_email on email_delivery").update();
        }
        assertThat(reports.sendDue(List.of(failingOrg))).isEqualTo(1);
        await().until(() -> to(failingAdmin + "@example.test").size() == 1);
    }

    private static LeadEvent.LeadCreated created(UUID org, UUID lead, UUID assignee, ZonedDateTime at) {
        return new LeadEvent.LeadCreated(
                org,
                lead,
                "Ada",
                "Lovelace",
                null,
                null,
                "Engines",
                "NEW",
                assignee,
                List.of(),
                "api",
                null,
                at.toInstant());
    }

    private static LeadEvent.LeadStatusChanged status(
            UUID org, UUID lead, String from, String to, UUID assignee, ZonedDateTime at) {
        return new LeadEvent.LeadStatusChanged(org, lead, from, to, assignee, null, null, at.toInstant());
    }

    private EventEnvelope inbound(UUID org, UUID lead, UUID assignee, ZonedDateTime at) {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("orgId", org.toString());
        data.put("leadId", lead.toString());
        data.put("channel", "SMS");
        data.put("body", "yes please");
        if (assignee != null) {
            data.put("assigneeId", assignee.toString());
        }
        data.put("receivedAt", at.toInstant().toString());
        EventEnvelope envelope = foreign("message.inbound", org, lead.toString(), data);
        send(Topics.MESSAGING_EVENTS, envelope);
        return envelope;
    }

    private EventEnvelope money(String type, UUID org, long amount, ZonedDateTime at) {
        EventEnvelope envelope = foreign(
                type,
                org,
                org.toString(),
                Map.of(
                        "orgId", org.toString(),
                        "entryId", UUID.randomUUID().toString(),
                        "amount", amount,
                        "currency", "usd",
                        "occurredAt", at.toInstant().toString()));
        send(Topics.BILLING_EVENTS, envelope);
        return envelope;
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(a -> a.toString().equals(address));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static void flatten(Part part, List<Part> into) throws Exception {
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                flatten(child, into);
            }
        } else {
            into.add(part);
        }
    }

    private static boolean isType(Part part, String type) {
        try {
            return part.isMimeType(type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String content(Part part) {
        try {
            return part.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pdfText(Part pdf) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = pdf.getInputStream()) {
            in.transferTo(bytes);
        }
        try (PdfReader reader = new PdfReader(bytes.toByteArray())) {
            assertThat(reader.getNumberOfPages()).isEqualTo(1);
            return new PdfTextExtractor(reader).getTextFromPage(1);
        }
    }
}
