package io.leadpulse.notification.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.notification.NotificationTestSupport;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.test.ApiClient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PreferencesTest extends NotificationTestSupport {

    @Test
    void defaultsToInAppOnlyAndATypeTurnedOffInTheAppIsNotStored() {
        UUID org = UUID.randomUUID();
        UUID rep = user(org, "REP", true);
        String token = token(rep, org, "REP");

        JsonNode defaults =
                api().get("/api/notifications/preferences", token).json().get("preferences");
        assertThat(defaults.size()).isEqualTo(Preferences.TYPES.size());
        assertThat(defaults.get(0).get("inApp").asBoolean()).isTrue();
        assertThat(defaults.get(0).get("email").asBoolean()).isFalse();
        // the weekly insights are an email (with a PDF), nothing in the app
        JsonNode insights = defaults.valueStream()
                .filter(p -> p.get("type").asString().equals("insights.weekly"))
                .findFirst()
                .orElseThrow();
        assertThat(insights.get("email").asBoolean()).isTrue();
        assertThat(insights.get("inApp").asBoolean()).isFalse();

        ApiClient.Response saved = put(
                "/api/notifications/preferences",
                token,
                "{\"preferences\":[{\"type\":\"lead.hot\",\"inApp\":false,\"email\":true}]}");
        assertThat(saved.status()).isEqualTo(200);
        JsonNode hot = saved.json()
                .get("preferences")
                .valueStream()
                .filter(p -> p.get("type").asString().equals("lead.hot"))
                .findFirst()
                .orElseThrow();
        assertThat(hot.get("inApp").asBoolean()).isFalse();
        assertThat(hot.get("email").asBoolean()).isTrue();
        assertThat(hot.get("sms").asBoolean()).isFalse();

        EventEnvelope muted = send(new LeadEvent.LeadBecameHot(org, UUID.randomUUID(), rep, 5, 10, Instant.now()));
        EventEnvelope heard = send(new LeadEvent.LeadStatusChanged(
                org, UUID.randomUUID(), "REPLIED", "WON", rep, rep, null, Instant.now()));
        awaitProcessed(muted, heard);
        assertThat(types(rep, org)).isEqualTo(List.of("deal.won"));

        // another person's choices are their own
        UUID colleague = user(org, "REP", true);
        assertThat(api().get("/api/notifications/preferences", token(colleague, org, "REP"))
                        .json()
                        .get("preferences")
                        .valueStream()
                        .allMatch(p -> p.get("inApp").asBoolean()
                                        == Preference.defaultFor(p.get("type").asString())
                                                .inApp()
                                && p.get("email").asBoolean()
                                        == Preference.defaultFor(p.get("type").asString())
                                                .email()))
                .isTrue();
    }

    @Test
    void refusesAnUnknownTypeNamingTheField() {
        String token = token(UUID.randomUUID(), UUID.randomUUID(), "REP");
        ApiClient.Response refused = put(
                "/api/notifications/preferences",
                token,
                "{\"preferences\":[{\"type\":\"lead.hot\",\"inApp\":true},{\"type\":\"lead.teleported\"}]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("preferences[1].type");
        assertThat(put("/api/notifications/preferences", token, "{}").status()).isEqualTo(400);
    }
}
