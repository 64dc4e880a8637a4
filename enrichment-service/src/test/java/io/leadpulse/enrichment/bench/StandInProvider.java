package io.leadpulse.enrichment.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small real HTTP server standing in for both providers (SerpAPI-shaped {@code /search.json},
 * OpenAI-shaped {@code /v1/chat/completions}), each with its own limit of {@code limit} requests per
 * fixed window of {@code windowMillis} aligned to the epoch, as providers count. Within the limit
 * it answers with {@code X-RateLimit-Limit/-Remaining/-Reset} (epoch seconds); beyond it, 429 with
 * {@code Retry-After}; while "down", 503 for everything (not counted against the limit). It counts
 * every answer, and the busiest window of each API.
 */
final class StandInProvider implements AutoCloseable {

    private final HttpServer server;
    private final int limit;
    private final long windowMillis;
    private final AtomicBoolean down = new AtomicBoolean(false);
    final Api geo = new Api();
    final Api ai = new Api();

    static final class Api {
        final Map<Long, AtomicLong> perWindow = new ConcurrentHashMap<>();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong tooMany = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();

        long busiestWindow() {
            return perWindow.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
        }

        /** How many windows served each count, busiest first: {@code 100x12 99x40 ...}. */
        String histogram() {
            var counts = new java.util.TreeMap<Long, Long>(java.util.Comparator.reverseOrder());
            perWindow.values().forEach(c -> counts.merge(c.get(), 1L, Long::sum));
            var text = new StringBuilder();
            counts.entrySet().stream()
                    .limit(8)
                    .forEach(e -> text.append(e.getKey())
                            .append('x')
                            .append(e.getValue())
                            .append(' '));
            return text.toString().trim();
        }

        long windowsAtLimit(int limit) {
            return perWindow.values().stream().filter(c -> c.get() >= limit).count();
        }
    }

    StandInProvider(int limit, long windowMillis) throws IOException {
        this.limit = limit;
        this.windowMillis = windowMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/search.json", exchange -> answer(exchange, geo, this::place));
        server.createContext("/v1/chat/completions", exchange -> answer(exchange, ai, this::line));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void down(boolean value) {
        down.set(value);
    }

    private interface Body {
        String of(HttpExchange exchange);
    }

    private void answer(HttpExchange exchange, Api api, Body body) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            if (down.get()) {
                api.unavailable.incrementAndGet();
                send(exchange, 503, "{\"error\":\"down for maintenance\"}");
                return;
            }
            long now = System.currentTimeMillis();
            long window = now / windowMillis;
            long resetEpochMillis = (window + 1) * windowMillis;
            long used =
                    api.perWindow.computeIfAbsent(window, w -> new AtomicLong()).incrementAndGet();
            if (used > limit) {
                api.perWindow.get(window).decrementAndGet(); // a refused request is not served
                api.tooMany.incrementAndGet();
                long seconds = Math.max(1, (resetEpochMillis - now + 999) / 1000);
                exchange.getResponseHeaders().add("Retry-After", Long.toString(seconds));
                rateHeaders(exchange, 0, resetEpochMillis);
                send(exchange, 429, "{\"error\":\"rate limited\"}");
                return;
            }
            api.ok.incrementAndGet();
            rateHeaders(exchange, limit - used, resetEpochMillis);
            send(exchange, 200, body.of(exchange));
        }
    }

    private void rateHeaders(HttpExchange exchange, long remaining, long resetEpochMillis) {
        exchange.getResponseHeaders().add("X-RateLimit-Limit", Integer.toString(limit));
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", Long.toString(remaining));
        // Epoch seconds, rounded up: never earlier than the real reset.
        exchange.getResponseHeaders().add("X-RateLimit-Reset", Long.toString((resetEpochMillis + 999) / 1000));
    }

    private String place(HttpExchange exchange) {
        int hash = exchange.getRequestURI().getRawQuery().hashCode();
        double latitude = 25 + Math.floorMod(hash, 2400) / 100.0;
        double longitude = -70 - Math.floorMod(hash / 7, 5000) / 100.0;
        return """
                {"search_metadata": {"status": "Success"},
                 "local_results": [{"position": 1, "title": "Bench", "address": "1 Main St, Springfield, IL 62701",
                   "gps_coordinates": {"latitude": %s, "longitude": %s}}]}
                """.formatted(latitude, longitude);
    }

    private String line(HttpExchange exchange) {
        return """
                {"id": "chatcmpl-bench", "object": "chat.completion",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "A line written for you."}}]}
                """;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
