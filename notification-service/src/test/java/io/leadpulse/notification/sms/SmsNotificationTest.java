package io.leadpulse.notification.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.AccountEvent;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.OrgEvent;
import io.leadpulse.platform.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SMS notifications end to end: events on Kafka, the rules, the {@code sms_delivery} queue, the
 * worker, and the Twilio SDK talking to WireMock. Each test has its own org and phone numbers.
 */
class SmsNotificationTest extends NotificationTestSupport {

    private static final String FROM = "+15005550006";

    @Autowired
    private Sms sms;

    @Autowired
    private SmsRepository repository;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private MeterRegistry meters;

    @Test
    void aHotLeadTextsItsConsentingAssigneeOnceEvenWhenTheEventIsRedelivered() {
        UUID org = orgAt(LocalTime.NOON);
        String phone = phone();
        UUID rep = person(org, "REP", phone, true, "lead.hot");
        UUID lead = UUID.randomUUID();

        EventEnvelope hot = send(new LeadEvent.LeadBecameHot(org, lead, rep, 5, 10, Instant.now()));

        LoggedRequest request = awaitTexts(phone, 1).getFirst();
        assertThat(form(request, "To")).isEqualTo(phone);
        assertThat(form(request, "From")).isEqualTo(FROM);
        assertThat(form(request, "Body"))
                .isEqualTo("LeadPulse: A lead is hot: 5 views in 10 minutes - open https://app.leadpulse.test/leads/"
                        + lead);
        assertThat(request.getHeader("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString((TWILIO_ACCOUNT_SID + ":" + TWILIO_AUTH_TOKEN)
                                        .getBytes(StandardCharsets.UTF_8)));
        await().until(() -> "SENT".equals(status(rep)));
        assertThat(jdbc.sql("select provider_sid from sms_delivery where user_id = ?")
                        .param(rep)
                        .query(String.class)
                        .single())
                .startsWith("SM");

        send(Topics.LEAD_EVENTS, hot); // redelivered
        // same key, same partition: once this one is applied, the redelivery was too
        awaitProcessed(send(new LeadEvent.LeadBecameHot(org, lead, null, 6, 10, Instant.now())));
        awaitWorkerRound();
        assertThat(rows(rep)).isEqualTo(1);
        assertThat(texts(phone)).hasSize(1);
    }

    @Test
    void nobodyIsTextedWithoutANumberTheirOwnConsentTheSmsPreferenceOrInAnotherOrg() {
        UUID org = orgAt(LocalTime.NOON);
        String control = phone();
        UUID textable = person(org, "REP", control, true, "deal.won");
        UUID noConsent = person(org, "REP", phone(), false, "deal.won");
        UUID noPhone = person(org, "REP", null, true, "deal.won");
        UUID smsOff = person(org, "REP", phone(), true);
        UUID otherOrg = UUID.randomUUID();
        String stranger = phone();
        UUID outsider = person(otherOrg, "REP", stranger, true, "lead.hot");
        UUID lead = UUID.randomUUID();

        // a deal won tells the whole org: only the one who turned SMS on and consented is texted
        send(new LeadEvent.LeadStatusChanged(org, lead, "NEGOTIATION", "WON", textable, null, "signed", Instant.now()));
        awaitTexts(control, 1);
        assertThat(types(noConsent, org)).as("in the app all the same").containsExactly("deal.won");
        assertThat(rows(noConsent) + rows(noPhone) + rows(smsOff)).isZero();

        // a hot lead naming another org's user as assignee tells nobody there
        awaitProcessed(send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), outsider, 5, 10, Instant.now())));
        assertThat(rows(outsider)).isZero();

        // an event of a producer that predates phone and consent reads as "no consent"
        UUID revoked = person(org, "REP", phone(), true, "deal.won");
        EventEnvelope older = foreign(
                "user.updated",
                org,
                revoked.toString(),
                Map.of(
                        "orgId",
                        org,
                        "userId",
                        revoked,
                        "name",
                        "Old Shape",
                        "email",
                        revoked + "@example.test",
                        "role",
                        "REP",
                        "active",
                        true,
                        "changedFields",
                        List.of("name"),
                        "updatedBy",
                        revoked,
                        "updatedAt",
                        Instant.now().toString()));
        send(Topics.LEAD_EVENTS, older);
        awaitProcessed(older);
        assertThat(jdbc.sql("select sms_consent from directory_user where user_id = ?")
                        .param(revoked)
                        .query(Boolean.class)
                        .single())
                .isFalse();
        send(new LeadEvent.LeadStatusChanged(org, lead, "WON", "WON", textable, null, "again", Instant.now()));
        awaitTexts(control, 2);
        assertThat(rows(revoked)).isZero();
    }

    @Test
    void aTwilioServerErrorIsRetriedWithBackoffThenSent() {
        UUID org = orgAt(LocalTime.NOON);
        String phone = phone();
        UUID rep = person(org, "REP", phone, true, "lead.hot");
        StubMapping down = TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withFormParam("To", equalTo(phone))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": 20500, \"message\": \"Internal Server Error\", \"status\": 500}")));

        send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, 5, 10, Instant.now()));

        await().until(() -> attempts(rep) == 1 && lastError(rep) != null);
        assertThat(status(rep)).isEqualTo("PENDING");
        // the SDK itself tries a 5xx three times, 100 ms apart, before it gives up
        assertThat(texts(phone)).hasSize(3);
        awaitWorkerRound();
        assertThat(texts(phone)).as("not again before the backoff").hasSize(3);
        TWILIO.removeStub(down);
        clock.advance(Duration.ofSeconds(31)); // the first backoff is 30 s
        await().until(() -> "SENT".equals(status(rep)));
        assertThat(texts(phone)).hasSize(4);
        assertThat(attempts(rep)).isEqualTo(2);
    }

    @Test
    void anInvalidNumberRefusedByTwilioFailsForGoodAndIsNotRetried() {
        UUID org = orgAt(LocalTime.NOON);
        String phone = phone();
        UUID rep = person(org, "REP", phone, true, "lead.hot");
        TWILIO.stubFor(post(urlPathEqualTo(MESSAGES_PATH))
                .withFormParam("To", equalTo(phone))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"code": 21211, "message": "The 'To' number is not a valid phone number.",
                                 "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}
                                """)));

        send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, 5, 10, Instant.now()));

        await().until(() -> "FAILED".equals(status(rep)));
        assertThat(jdbc.sql("select error_code from sms_delivery where user_id = ?")
                        .param(rep)
                        .query(Integer.class)
                        .single())
                .isEqualTo(21211);
        clock.advance(Duration.ofMinutes(5)); // past any backoff and the claim's lease
        awaitWorkerRound();
        assertThat(texts(phone)).hasSize(1);
        assertThat(status(rep)).isEqualTo("FAILED");
    }

    @Test
    void aTextClaimedByAWorkerThatDiedIsSentByAnotherOnceTheLeaseHasPassed() {
        UUID org = orgAt(LocalTime.NOON);
        String phone = phone();
        UUID rep = person(org, "REP", phone, true);
        double sentBefore = meters.counter("notification.sms", "result", "sent").count();

        // queued and claimed in one transaction, then the claiming worker "dies" before sending
        transactions.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            repository.insert(org, rep, "lead.hot", "LeadPulse: lease test", UUID.randomUUID(), false, now, now);
            assertThat(repository.claimDue(now, now.plus(Duration.ofMinutes(2)), 100))
                    .extracting(SmsRepository.Claimed::userId)
                    .contains(rep);
        });

        awaitWorkerRound();
        assertThat(texts(phone)).as("not while the lease holds").isEmpty();
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        awaitTexts(phone, 1);
        await().until(() -> "SENT".equals(status(rep)));
        assertThat(attempts(rep)).isEqualTo(2);
        // counted just after the SENT update commits
        await().untilAsserted(() -> assertThat(
                        meters.counter("notification.sms", "result", "sent").count())
                .isGreaterThan(sentBefore));
    }

    @Test
    void quietHoursDeferATextToEightInTheOrgsTimeZoneButNotAnUrgentReminder() {
        ZoneOffset zone = zoneWhereItIs(LocalTime.of(7, 58));
        UUID org = org(zone.getId());
        String phone = phone();
        UUID rep = person(org, "REP", phone, true, "lead.hot");

        send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, 5, 10, Instant.now()));

        await().until(() -> rows(rep) == 1);
        Instant eight = ZonedDateTime.of(clock.instant().atZone(zone).toLocalDate(), LocalTime.of(8, 0), zone)
                .toInstant();
        assertThat(jdbc.sql("select next_attempt_at from sms_delivery where user_id = ?")
                        .param(rep)
                        .query(Instant.class)
                        .single())
                .isEqualTo(eight);
        awaitWorkerRound();
        assertThat(texts(phone)).isEmpty();
        clock.advance(Duration.between(clock.instant(), eight).plusSeconds(1));
        awaitTexts(phone, 1);
        await().until(() -> "SENT".equals(status(rep)));

        // an appointment reminder is urgent: texted at 03:00 all the same
        ZoneOffset night = zoneWhereItIs(LocalTime.of(3, 0));
        UUID nightOrg = org(night.getId());
        String nightPhone = phone();
        UUID nightRep = person(nightOrg, "REP", nightPhone, true, "appointment.reminder", "lead.hot");
        UUID lead = UUID.randomUUID();
        Instant startsAt = clock.instant().plus(Duration.ofMinutes(15)).plusSeconds(30);
        send(new LeadEvent.AppointmentScheduled(
                nightOrg,
                lead,
                UUID.randomUUID(),
                nightRep,
                "CALL",
                "Demo call",
                startsAt,
                startsAt.plus(Duration.ofMinutes(30)),
                nightRep,
                Instant.now()));
        send(new LeadEvent.LeadBecameHot(nightOrg, lead, nightRep, 5, 10, Instant.now()));
        await().until(() -> rows(nightRep) == 1); // the hot lead: deferred
        clock.advance(Duration.ofMinutes(1));
        List<LoggedRequest> reminder = awaitTexts(nightPhone, 1);
        assertThat(form(reminder.getFirst(), "Body"))
                .startsWith("LeadPulse: Starts in 15 min: Demo call - open https://app.leadpulse.test/leads/" + lead);
        // Twilio has the reminder before the worker records SENT: wait for that, then count what is left
        await().until(() -> jdbc.sql("select count(*) from sms_delivery where user_id = ? and status = 'SENT'")
                        .param(nightRep)
                        .query(Long.class)
                        .single()
                == 1);
        assertThat(jdbc.sql("select count(*) from sms_delivery where user_id = ? and status = 'PENDING'")
                        .param(nightRep)
                        .query(Long.class)
                        .single())
                .as("the hot lead still waits for the morning")
                .isEqualTo(1);
    }

    /** A new org in a time zone where it is now {@code localNow}. */
    private UUID orgAt(LocalTime localNow) {
        return org(zoneWhereItIs(localNow).getId());
    }

    private UUID org(String timezone) {
        UUID org = UUID.randomUUID();
        awaitProcessed(send(new OrgEvent.SettingsUpdated(org, "Acme Ltd", timezone, Map.of(), 1, null, Instant.now())));
        return org;
    }

    /**
     * A fixed offset in which the service's clock now reads {@code local} (to the minute), so a test
     * is in or out of quiet hours whatever time it runs at.
     */
    private ZoneOffset zoneWhereItIs(LocalTime local) {
        Instant now = clock.instant();
        int utcMinutes = now.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
        int diff = local.toSecondOfDay() / 60 - utcMinutes;
        diff = Math.floorMod(diff + 12 * 60, 24 * 60) - 12 * 60;
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(diff * 60);
        assertThat(now.atZone(offset).toLocalTime().withSecond(0).withNano(0)).isEqualTo(local);
        return offset;
    }

    /** A person known to the directory with this number and consent, SMS on for {@code smsTypes}. */
    private UUID person(UUID org, String role, String phone, boolean consent, String... smsTypes) {
        UUID id = UUID.randomUUID();
        send(new AccountEvent.UserCreated(
                org, id, "User " + id, id + "@example.test", role, true, Instant.now(), phone, consent));
        awaitKnown("directory_user", "user_id", id);
        if (smsTypes.length > 0) {
            StringBuilder json = new StringBuilder("{\"preferences\": [");
            for (int i = 0; i < smsTypes.length; i++) {
                json.append(i == 0 ? "" : ",")
                        .append("{\"type\": \"")
                        .append(smsTypes[i])
                        .append("\", \"sms\": true}");
            }
            assertThat(put("/api/notifications/preferences", token(id, org, role), json + "]}")
                            .status())
                    .isEqualTo(200);
        }
        return id;
    }

    private static String phone() {
        return "+4477009" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
    }

    private List<LoggedRequest> awaitTexts(String phone, int n) {
        await().until(() -> texts(phone).size() >= n);
        List<LoggedRequest> texts = texts(phone);
        assertThat(texts).hasSize(n);
        return texts;
    }

    private static List<LoggedRequest> texts(String phone) {
        return TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)).withFormParam("To", equalTo(phone)));
    }

    private static String form(LoggedRequest request, String name) {
        return request.formParameters().get(name).firstValue();
    }

    private long rows(UUID user) {
        return jdbc.sql("select count(*) from sms_delivery where user_id = ?")
                .param(user)
                .query(Long.class)
                .single();
    }

    private String status(UUID user) {
        return jdbc.sql("select status from sms_delivery where user_id = ?")
                .param(user)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private int attempts(UUID user) {
        return jdbc.sql("select attempts from sms_delivery where user_id = ?")
                .param(user)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    private String lastError(UUID user) {
        return jdbc.sql("select last_error from sms_delivery where user_id = ?")
                .param(user)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /** One round of the worker, run here so a "nothing sent" check has really looked at the queue. */
    private void awaitWorkerRound() {
        sms.sendDue();
    }
}
