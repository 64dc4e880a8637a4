package io.leadpulse.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The services behind the gateway, for one test JVM: a WireMock server standing in for every HTTP service and the
 * JWKS endpoint, a Reactor Netty WebSocket echo server standing in for realtime-service, and a port nobody listens on
 * for a service that is down.
 */
public final class Downstream {

    public static final String JWKS_PATH = "/.well-known/jwks.json";

    private static final Downstream INSTANCE = new Downstream();

    private final WireMockServer wireMock;
    private final DisposableServer realtime;
    private final int closedPort;
    private final Map<String, String> lastHandshakeHeaders = new ConcurrentHashMap<>();

    private Downstream() {
        wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        realtime = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws("/app/{key}", (in, out) -> {
                            lastHandshakeHeaders.clear();
                            in.headers()
                                    .forEach(header -> lastHandshakeHeaders.put(header.getKey(), header.getValue()));
                            return out.sendString(in.receive().asString().map(text -> "echo:" + text));
                        })
                        // Answers with the raw header lines it received, untouched by any HTTP library's parsing.
                        .post("/api/realtime/echo-headers", (request, response) -> {
                            StringBuilder lines = new StringBuilder();
                            request.requestHeaders()
                                    .forEach(header -> lines.append(header.getKey())
                                            .append(": ")
                                            .append(header.getValue())
                                            .append('\n'));
                            return response.sendString(request.receive()
                                    .aggregate()
                                    .asString()
                                    .defaultIfEmpty("")
                                    .map(body -> lines + "\n" + body));
                        }))
                .bindNow();
        closedPort = freePort();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            wireMock.stop();
            realtime.disposeNow();
        }));
    }

    public static Downstream instance() {
        return INSTANCE;
    }

    public WireMockServer wireMock() {
        return wireMock;
    }

    public String httpUrl() {
        return "http://localhost:" + wireMock.port();
    }

    public String realtimeUrl() {
        return "http://localhost:" + realtime.port();
    }

    public String downServiceUrl() {
        return "http://localhost:" + closedPort;
    }

    public Map<String, String> lastHandshakeHeaders() {
        return Map.copyOf(lastHandshakeHeaders);
    }

    /** Forgets earlier stubs and requests, then publishes the test signing key again. */
    public void reset() {
        wireMock.resetAll();
        wireMock.stubFor(get(urlEqualTo(JWKS_PATH))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(TestTokens.jwksJson())));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
