package io.leadpulse.realtime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/realtime/auth}: signs exactly the channels a caller may use, lead-service deciding leads. */
class ChannelAuthTest extends RealtimeTestBase {

    private static final String SOCKET = "1234.5678";
    private final UUID user = UUID.randomUUID();
    private final UUID org = UUID.randomUUID();

    @Test
    void signsTheCallersOwnUserAndOrganisationChannels() {
        for (String channel : new String[] {"private-user-" + user, "private-org-" + org}) {
            HttpResponse<String> response = auth(token(user, org, "REP"), channel);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("auth").asString()).isEqualTo(SIGNATURES.channelAuth(SOCKET, channel, null));
        }
    }

    @Test
    void signsThePresenceChannelOfTheCallersOrganisationWithItsUserInfo() {
        String channel = "presence-org-" + org;

        HttpResponse<String> response = auth(token(user, org, "ADMIN"), channel);

        assertThat(response.statusCode()).isEqualTo(200);
        String channelData = json(response).get("channel_data").asString();
        JsonNode data = RawClient.JSON.readTree(channelData);
        assertThat(data.get("user_id").asString()).isEqualTo(user.toString());
        assertThat(data.get("user_info").get("role").asString()).isEqualTo("ADMIN");
        assertThat(data.get("user_info").get("name").asString()).isEqualTo("Test ADMIN");
        assertThat(json(response).get("auth").asString())
                .isEqualTo(SIGNATURES.channelAuth(SOCKET, channel, channelData));
    }

    @Test
    void refusesOtherUsersOtherOrganisationsAndUnknownChannelsAs403Problems() {
        for (String channel : new String[] {
            "private-user-" + UUID.randomUUID(),
            "private-org-" + UUID.randomUUID(),
            "presence-org-" + UUID.randomUUID(),
            "private-user-" + user.toString().toUpperCase(),
            "private-anything",
            "public-news"
        }) {
            HttpResponse<String> response = auth(token(user, org, "ADMIN"), channel);

            assertThat(response.statusCode()).as(channel).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).get("type").asString()).isEqualTo("urn:leadpulse:problem:forbidden");
        }
    }

    @Test
    void asksLeadServiceWithTheCallersTokenWhetherItMaySeeALead() {
        UUID visible = UUID.randomUUID();
        UUID hidden = UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        String token = token(user, org, "REP");
        leadService.stubFor(get(urlEqualTo("/api/leads/" + visible))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"" + visible + "\"}")));
        leadService.stubFor(
                get(urlEqualTo("/api/leads/" + hidden)).willReturn(aResponse().withStatus(404)));
        leadService.stubFor(
                get(urlEqualTo("/api/leads/" + broken)).willReturn(aResponse().withStatus(500)));

        HttpResponse<String> allowed = auth(token, "private-lead-" + visible);
        HttpResponse<String> denied = auth(token, "private-lead-" + hidden);
        HttpResponse<String> unavailable = auth(token, "private-lead-" + broken);

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(json(allowed).get("auth").asString())
                .isEqualTo(SIGNATURES.channelAuth(SOCKET, "private-lead-" + visible, null));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        leadService.verify(getRequestedFor(urlEqualTo("/api/leads/" + visible))
                .withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void refusesMissingOrForgedTokensWith401AndMalformedInputWith400() {
        HttpResponse<String> none = auth(null, "private-user-" + user);
        HttpResponse<String> forged = auth(token(user, org, "REP") + "x", "private-user-" + user);
        HttpResponse<String> badSocket = postForm(
                "/api/realtime/auth",
                token(user, org, "REP"),
                Map.of("socket_id", "1234", "channel_name", "private-user-" + user));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("type").asString()).isEqualTo("urn:leadpulse:problem:unauthorized");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(badSocket.statusCode()).isEqualTo(400);
        assertThat(json(badSocket).get("type").asString()).isEqualTo("urn:leadpulse:problem:bad-request");
    }

    @Test
    void authorisesManyChannelsInOneBatchedCall() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("socket_id", SOCKET);
        form.put("channel_name[0]", "private-user-" + user);
        form.put("channel_name[1]", "private-org-" + UUID.randomUUID());
        form.put("channel_name[2]", "presence-org-" + org);

        HttpResponse<String> response = postForm("/api/realtime/auth", token(user, org, "REP"), form);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("private-user-" + user).get("auth").asString())
                .isEqualTo(SIGNATURES.channelAuth(SOCKET, "private-user-" + user, null));
        assertThat(answer.get(form.get("channel_name[1]")).get("status").asInt())
                .isEqualTo(403);
        assertThat(answer.get("presence-org-" + org).get("channel_data").asString())
                .contains(user.toString());
    }

    private HttpResponse<String> auth(String token, String channel) {
        return postForm("/api/realtime/auth", token, Map.of("socket_id", SOCKET, "channel_name", channel));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return RawClient.JSON.readTree(response.body());
    }
}
