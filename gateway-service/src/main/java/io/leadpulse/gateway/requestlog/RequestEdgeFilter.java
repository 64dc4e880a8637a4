package io.leadpulse.gateway.requestlog;

import io.leadpulse.gateway.GatewayExchange;
import io.leadpulse.gateway.problem.Problems;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The outermost filter: gives each request its id (downstream and on the response), turns any error below it into
 * problem+json, and writes the one access-log line per request once the final status is known.
 */
@Component
class RequestEdgeFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private static final Logger accessLog = LoggerFactory.getLogger("io.leadpulse.gateway.access");

    private final Problems problems;

    RequestEdgeFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        String requestId = RequestIds.acceptOrGenerate(
                exchange.getRequest().getHeaders().getFirst(GatewayExchange.REQUEST_ID_HEADER));
        GatewayExchange.setRequestId(exchange, requestId);
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> headers.set(GatewayExchange.REQUEST_ID_HEADER, requestId))
                .build();
        ServerWebExchange withId = exchange.mutate().request(request).build();
        // Set at commit time so that an id echoed by the service does not end up twice on the response.
        withId.getResponse().beforeCommit(() -> {
            withId.getResponse().getHeaders().set(GatewayExchange.REQUEST_ID_HEADER, requestId);
            return Mono.empty();
        });
        return chain.filter(withId)
                .onErrorResume(error -> problems.handle(withId, error))
                .doFinally(signal -> logAccess(withId, requestId, signal, start));
    }

    private static void logAccess(ServerWebExchange exchange, String requestId, SignalType signal, long start) {
        if (!accessLog.isInfoEnabled()) {
            return;
        }
        ServerHttpRequest request = exchange.getRequest();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String route = GatewayExchange.route(exchange).map(r -> r.getId()).orElse("-");
        accessLog.info(
                "{} {} route={} status={} duration_ms={} request_id={} trace_id={}",
                request.getMethod(),
                request.getPath().value(),
                route,
                status(exchange, signal),
                millis,
                requestId,
                GatewayExchange.traceId(exchange));
    }

    private static String status(ServerWebExchange exchange, SignalType signal) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (signal == SignalType.CANCEL) {
            // The client went away before an answer was complete (nginx's convention).
            return "499";
        }
        boolean upgraded = status == null || status.is2xxSuccessful();
        if (upgraded
                && "websocket"
                        .equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            // The handshake's 101 is written by Reactor Netty, not through the exchange's response.
            return "101";
        }
        return status != null ? String.valueOf(status.value()) : "200";
    }
}
