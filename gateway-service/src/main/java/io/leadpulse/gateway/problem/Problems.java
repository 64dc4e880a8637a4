package io.leadpulse.gateway.problem;

import io.leadpulse.gateway.GatewayExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes every response the gateway makes up itself as {@code application/problem+json}. */
@Component
public class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // Part of a downstream answer is already on the wire: all that is left is to cut the connection.
            return Mono.error(new IllegalStateException("Response already committed; cannot send " + problem.type()));
        }
        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        headers.remove(HttpHeaders.CONTENT_ENCODING);
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setCacheControl("no-store");
        problem.headers().forEach(headers::set);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.typeUri());
        body.put("title", problem.title());
        body.put("status", problem.status().value());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        GatewayExchange.requestId(exchange).ifPresent(id -> body.put("requestId", id));
        byte[] bytes = json.writeValueAsBytes(body);
        headers.setContentLength(bytes.length);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    /** Answers an error that escaped routing or a filter, choosing the status from what went wrong. */
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        Problem problem = GatewayErrors.toProblem(exchange, error);
        if (problem.status().value() == 500) {
            log.error(
                    "Unexpected error on {} {} request_id={} trace_id={}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(),
                    GatewayExchange.requestId(exchange).orElse("-"),
                    GatewayExchange.traceId(exchange),
                    error);
        } else if (problem.status().is5xxServerError()) {
            log.warn(
                    "{} {} answered {}: {} request_id={} trace_id={}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(),
                    problem.status().value(),
                    error.toString(),
                    GatewayExchange.requestId(exchange).orElse("-"),
                    GatewayExchange.traceId(exchange));
        }
        return write(exchange, problem);
    }
}
