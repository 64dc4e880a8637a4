package io.leadpulse.gateway.problem;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces Boot's JSON/Whitelabel error handler: whatever escapes the request filter (which already turns errors into
 * problems) still leaves as problem+json.
 */
@Component
@Order(-2)
class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler {

    private final Problems problems;

    ProblemErrorWebExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        return problems.handle(exchange, error);
    }
}
