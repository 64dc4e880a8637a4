package io.leadpulse.realtime.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every error leaves as RFC 9457 problem+json with a stable {@code type}
 * ({@code urn:leadpulse:problem:<slug>}, the scheme of the gateway and the other services), never a
 * stack trace. The reactive counterpart of platform-web's servlet advice.
 */
@Component
@Order(-2)
public class ProblemAdvice implements WebExceptionHandler {

    public static final String PREFIX = "urn:leadpulse:problem:";
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A problem response for a controller to return. */
    public static ResponseEntity<ProblemDetail> problem(ServerWebExchange exchange, HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PREFIX + slugOf(status)));
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** Writes a problem straight to the response (security handlers, errors outside controllers). */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status.value() == 401) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("type", PREFIX + slugOf(status));
        body.put("title", status instanceof HttpStatus known ? known.getReasonPhrase() : "Error");
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ResponseStatusException status) {
            String detail = status.getStatusCode().value() == 404
                    ? "No such resource"
                    : status.getReason() == null ? "The request cannot be served" : status.getReason();
            return write(exchange, status.getStatusCode(), detail);
        }
        log.error("unhandled error on {}: {}", exchange.getRequest().getPath(), error.toString(), error);
        return write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");
    }

    static String slugOf(HttpStatusCode status) {
        if (status instanceof HttpStatus known) {
            return known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }
        return "http-" + status.value();
    }
}
