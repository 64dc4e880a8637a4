package io.leadpulse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Connections to a service. The gateway closes pooled ones once idle for
 * {@code spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time}, by itself, so that a service's own
 * keep-alive timeout never closes one just as the gateway sends a request on it (that request got 502). Here the
 * idle time is shortened to 1 s; the service is a plain keep-alive HTTP/1.1 server that never closes a connection
 * itself and counts the ones its peer closed. And a request whose connection the service resets gets 502
 * problem+json, not 500.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=1s",
            "spring.cloud.gateway.server.webflux.httpclient.pool.eviction-interval=200ms"
        })
class UpstreamConnectionsIntegrationTest {

    private static final KeepAliveService service = new KeepAliveService();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void leadService(DynamicPropertyRegistry registry) {
        registry.add("LEAD_SERVICE_URL", service::url);
    }

    @AfterAll
    static void stop() throws IOException {
        service.close();
    }

    @Test
    void closesAnIdleUpstreamConnectionItselfAndOpensAFreshOneForTheNextRequest() {
        WebTestClient client =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        // no connection left from another test: each is closed after the idle time
        await().atMost(Duration.ofSeconds(10)).until(() -> service.open() == 0);
        int accepted = service.accepted.get();
        client.get().uri("/p/idle-test").exchange().expectStatus().isOk();
        assertThat(service.accepted.get()).isEqualTo(accepted + 1);
        int closed = service.closedByPeer.get();

        await().atMost(Duration.ofSeconds(10))
                .alias("the gateway closed its idle connection to the service")
                .until(() -> service.closedByPeer.get() == closed + 1);

        client.get()
                .uri("/p/idle-test")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("ok");
        assertThat(service.accepted.get()).isEqualTo(accepted + 2);
    }

    @Test
    void answers502ProblemWhenTheServiceResetsTheConnectionUnderARequest() {
        WebTestClient client =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();

        client.get()
                .uri("/p/reset")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:bad-gateway");
    }

    /**
     * Answers every request with 200 "ok" on a kept-alive connection; never closes one itself, except that a request
     * for {@code /p/reset} has its connection reset (RST, no answer), as a crashing service's would.
     */
    private static final class KeepAliveService implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger closedByPeer = new AtomicInteger();
        final AtomicInteger reset = new AtomicInteger();
        private final ServerSocket server;

        KeepAliveService() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(this::accept);
        }

        /** Connections accepted and not yet closed, by either side. */
        int open() {
            return accepted.get() - closedByPeer.get() - reset.get();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket;
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream()) {
                for (String head; (head = readRequestHead(in)) != null; ) {
                    if (head.startsWith("GET /p/reset ")) {
                        socket.setSoLinger(true, 0);
                        reset.incrementAndGet();
                        return;
                    }
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                closedByPeer.incrementAndGet();
            } catch (IOException e) {
                closedByPeer.incrementAndGet();
            }
        }

        /** The request line and headers, read up to the blank line; null when the peer closed the connection first. */
        private static String readRequestHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int matched = 0;
            for (int b; (b = in.read()) != -1; ) {
                head.append((char) b);
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (matched == 4) {
                    return head.toString();
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
