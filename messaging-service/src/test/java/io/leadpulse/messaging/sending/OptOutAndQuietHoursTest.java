package io.leadpulse.messaging.sending;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.messaging.MessagingServiceTestSupport;
import io.leadpulse.platform.events.Topics;
import io.leadpulse.platform.test.ApiClient;
import io.leadpulse.platform.test.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class OptOutAndQuietHoursTest extends MessagingServiceTestSupport {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final UUID org = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private final UUID rep = UUID.randomUUID();

    @Test
    void stopSuppressesTheNumberForEverySenderAndStartLiftsIt() {
        String phone = phone();
        UUID lead = createLead(org, rep, phone);
        try (TopicProbe probe = TopicProbe.subscribe(Topics.MESSAGING_EVENTS)) {
            assertThat(postTwilio("/webhooks/twilio/inbound", inbound(phone, "  Stop "))
                            .status())
                    .isEqualTo(200);
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> lead.toString().equals(r.key()) && r.value().contains("contact.opted_out"));

            for (String channel : new String[] {"SMS", "WHATSAPP"}) {
                ApiClient.Response refused = send(lead, channel);
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.json().get("detail").asString()).contains("KEYWORD");
            }

            postTwilio("/webhooks/twilio/inbound", inbound(phone, "START"));
            probe.await(
                    Topics.MESSAGING_EVENTS,
                    r -> lead.toString().equals(r.key()) && r.value().contains("contact.opted_in"));
            assertThat(send(lead, "SMS").status()).isEqualTo(202);
        }
    }

    @Test
    void helpIsAnsweredWithTheOrganisationsHelpReply() {
        String phone = phone();
        UUID lead = createLead(org, rep, phone);
        assertThat(putJson(
                                "/api/messages/settings",
                                token(admin, org, "ADMIN"),
                                Map.of(
                                        "helpReply", "Acme: call us on 0800 000.",
                                        "quietStart", "00:00",
                                        "quietEnd", "00:00",
                                        "timezone", "UTC"))
                        .status())
                .isEqualTo(200);

        postTwilio("/webhooks/twilio/inbound", inbound(phone, "help"));

        await().until(() -> !TWILIO.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))
                        .withFormParam("To", equalTo(phone))
                        .withFormParam("Body", equalTo("Acme: call us on 0800 000.")))
                .isEmpty());
        assertThat(api().get("/api/messages?leadId=" + lead, token(rep, org, "REP"))
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void aSendOutsideTheRecipientsWindowWaitsForItsNextOpening() {
        // A New York number, and a one-hour window that starts two hours from now in New York.
        String phone =
                "+1212736" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        UUID lead = createLead(org, rep, phone);
        ZonedDateTime nowInNewYork = clock.instant().atZone(NEW_YORK);
        LocalTime start = nowInNewYork.toLocalTime().plusHours(2).truncatedTo(ChronoUnit.HOURS);
        ApiClient.Response saved = putJson(
                "/api/messages/settings",
                token(admin, org, "ADMIN"),
                Map.of(
                        "helpReply",
                        "help",
                        "quietStart",
                        start.toString(),
                        "quietEnd",
                        start.plusHours(1).toString(),
                        "timezone",
                        "UTC"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);

        ApiClient.Response queued = send(lead, "SMS");
        assertThat(queued.status()).isEqualTo(202);
        Instant sendAfter = Instant.parse(queued.json().get("sendAfter").asString());
        assertThat(sendAfter.atZone(NEW_YORK).toLocalTime()).isEqualTo(start);
        assertThat(sendAfter).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofHours(4)));
        assertThat(Instant.parse(queued.json().get("expiresAt").asString())).isAfter(sendAfter);

        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> TWILIO.findAll(
                                postRequestedFor(urlPathEqualTo(MESSAGES_PATH)).withFormParam("To", equalTo(phone)))
                        .isEmpty());

        clock.advance(Duration.between(clock.instant(), sendAfter).plusSeconds(1));
        await().until(() -> !TWILIO.findAll(
                        postRequestedFor(urlPathEqualTo(MESSAGES_PATH)).withFormParam("To", equalTo(phone)))
                .isEmpty());
    }

    @Test
    void onlyAnAdminChangesTheSettingsAndABadTimezoneIsNamed() {
        Map<String, String> body =
                Map.of("helpReply", "h", "quietStart", "08:00", "quietEnd", "21:00", "timezone", "Mars/Olympus");
        assertThat(putJson("/api/messages/settings", token(rep, org, "REP"), body)
                        .status())
                .isEqualTo(403);
        ApiClient.Response bad = putJson("/api/messages/settings", token(admin, org, "ADMIN"), body);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("timezone");
    }

    private ApiClient.Response send(UUID lead, String channel) {
        return api().postJson(
                        "/api/messages",
                        token(rep, org, "REP"),
                        Map.of("leadId", lead, "channel", channel, "body", "news"));
    }

    private static Map<String, String> inbound(String from, String body) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", ACCOUNT_SID);
        params.put("MessageSid", sid);
        params.put("From", from);
        params.put("To", "+15005550006");
        params.put("Body", body);
        return params;
    }
}
