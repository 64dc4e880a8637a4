package io.leadpulse.gateway.security;

import io.leadpulse.gateway.problem.Problem;
import io.leadpulse.gateway.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 403 as problem+json, with the RFC 6750 {@code insufficient_scope} challenge. */
final class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

    private final Problems problems;

    ProblemAccessDeniedHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return problems.write(
                exchange,
                Problem.of(HttpStatus.FORBIDDEN, "forbidden", "Your role does not allow this request.")
                        .withHeader(
                                HttpHeaders.WWW_AUTHENTICATE,
                                "Bearer error=\"insufficient_scope\","
                                        + " error_description=\"The request requires higher privileges.\""));
    }
}
