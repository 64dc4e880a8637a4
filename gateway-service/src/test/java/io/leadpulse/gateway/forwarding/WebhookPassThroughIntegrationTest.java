package io.leadpulse.gateway.forwarding;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.support.GatewayIntegrationTest;
import io.leadpulse.gateway.support.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Providers' calls are sent with a plain HTTP client so that nothing on the client side rewrites a header or the
 * body; the stand-in service must see exactly those bytes.
 */
class WebhookPassThroughIntegrationTest extends GatewayIntegrationTest {

    @Test
    void stripeWebhookBytesAndSignatureArriveUnchangedWithPublicOrigin() {
        downstream
                .wireMock()
                .stubFor(post(urlEqualTo("/webhooks/stripe"))
                        .willReturn(aResponse().withStatus(200)));
        // Odd spacing, key order and non-ASCII text: any re-serialisation would break Stripe's signature.
        byte[] body =
                "{\n  \"id\": \"evt_1\",\"type\":\"payment_intent.succeeded\" ,\"data\":{\"name\":\"Zoë — café\"}}\n"
                        .getBytes(StandardCharsets.UTF_8);
        String signature = "t=1732300000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd";

        int status = send(
                "/webhooks/stripe",
                Map.of("Stripe-Signature", signature, "Content-Type", "application/json; charset=utf-8"),
                body);

        assertThat(status).isEqualTo(200);
        downstream
                .wireMock()
                .verify(postRequestedFor(urlEqualTo("/webhooks/stripe"))
                        .withRequestBody(binaryEqualTo(body))
                        .withHeader("Stripe-Signature", equalTo(signature))
                        // Jetty inside WireMock upper-cases the charset of well-known content types as it parses
                        // them; headersAndBodyReachTheServiceByteForByte checks the exact value without Jetty.
                        .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                        .withHeader("X-Forwarded-Host", equalTo("localhost:" + port))
                        .withHeader("X-Forwarded-Proto", equalTo("http"))
                        .withHeader("X-Forwarded-Port", equalTo(Integer.toString(port))));
    }

    @Test
    void twilioWebhookFormBodyQueryAndSignatureArriveUnchangedWithPublicOrigin() {
        downstream
                .wireMock()
                .stubFor(post(urlPathMatching("/webhooks/twilio/.*"))
                        .willReturn(aResponse().withStatus(200).withBody("<Response/>")));
        byte[] body = "To=%2B15005550006&From=%2B15551234567&Body=Hello+World%21+%C3%A9&MessageSid=SM123"
                .getBytes(StandardCharsets.US_ASCII);
        String signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

        int status = send(
                "/webhooks/twilio/sms/status?attempt=1",
                Map.of(
                        "X-Twilio-Signature",
                        signature,
                        "Content-Type",
                        "application/x-www-form-urlencoded; charset=UTF-8",
                        "I-Twilio-Idempotency-Token",
                        "c0ffee"),
                body);

        assertThat(status).isEqualTo(200);
        downstream
                .wireMock()
                .verify(postRequestedFor(urlEqualTo("/webhooks/twilio/sms/status?attempt=1"))
                        .withRequestBody(binaryEqualTo(body))
                        .withHeader("X-Twilio-Signature", equalTo(signature))
                        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=UTF-8"))
                        .withHeader("I-Twilio-Idempotency-Token", equalTo("c0ffee"))
                        .withHeader("X-Forwarded-Host", equalTo("localhost:" + port))
                        .withHeader("X-Forwarded-Proto", equalTo("http"))
                        .withHeader("X-Forwarded-Port", equalTo(Integer.toString(port))));
    }

    @Test
    void trustedProxyPublicOriginIsPassedOn() {
        stripeWebhookFromTrustedProxy(Map.of(
                "X-Forwarded-Host", "api.leadpulse.example",
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Port", "443",
                "X-Forwarded-Prefix", "/edge"));

        downstream
                .wireMock()
                .verify(postRequestedFor(urlEqualTo("/webhooks/stripe"))
                        .withHeader("X-Forwarded-Host", equalTo("api.leadpulse.example"))
                        .withHeader("X-Forwarded-Proto", equalTo("https"))
                        .withHeader("X-Forwarded-Port", equalTo("443"))
                        .withHeader("X-Forwarded-Prefix", equalTo("/edge")));
    }

    @Test
    void trustedProxyRfc7239ForwardedReachesTheServiceAsXForwardedOnly() {
        // applied to the public origin on the way in, then not passed on: services read X-Forwarded-*
        stripeWebhookFromTrustedProxy(Map.of("Forwarded", "for=203.0.113.9;host=api.leadpulse.example;proto=https"));

        downstream
                .wireMock()
                .verify(postRequestedFor(urlEqualTo("/webhooks/stripe"))
                        .withHeader("X-Forwarded-Host", equalTo("api.leadpulse.example"))
                        .withHeader("X-Forwarded-Proto", equalTo("https"))
                        .withHeader("X-Forwarded-For", equalTo("203.0.113.9"))
                        .withoutHeader("Forwarded"));
    }

    /** A Stripe webhook with the given headers, sent from 127.0.0.1, which the default trusted-proxies pattern trusts. */
    private void stripeWebhookFromTrustedProxy(Map<String, String> headers) {
        downstream
                .wireMock()
                .stubFor(post(urlEqualTo("/webhooks/stripe"))
                        .willReturn(aResponse().withStatus(200)));

        int status = send("/webhooks/stripe", headers, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(200);
    }

    @Test
    void headersAndBodyReachTheServiceByteForByte() {
        String echoed = HttpClient.create()
                .headers(h -> h.set("Authorization", "Bearer " + TestTokens.rep())
                        .set("Content-Type", "application/json; charset=utf-8")
                        .set("Stripe-Signature", "t=1,v1=abc,v0=def"))
                .post()
                .uri("http://localhost:" + port + "/api/realtime/echo-headers")
                .send(ByteBufFlux.fromString(Mono.just("{ \"a\" :1 }")))
                .responseSingle((response, content) -> content.asString())
                .block(Duration.ofSeconds(10));

        assertThat(echoed)
                .contains("Content-Type: application/json; charset=utf-8\n")
                .contains("Stripe-Signature: t=1,v1=abc,v0=def\n")
                .endsWith("\n\n{ \"a\" :1 }");
    }

    private int send(String path, Map<String, String> headers, byte[] body) {
        return HttpClient.create()
                .headers(h -> headers.forEach(h::set))
                .post()
                .uri("http://localhost:" + port + path)
                .send(ByteBufFlux.fromInbound(Mono.just(body)))
                .response()
                .map(response -> response.status().code())
                .block(Duration.ofSeconds(10));
    }
}
