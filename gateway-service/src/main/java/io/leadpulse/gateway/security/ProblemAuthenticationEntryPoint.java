package io.leadpulse.gateway.security;

import io.leadpulse.gateway.problem.Problem;
import io.leadpulse.gateway.problem.Problems;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 401 (or 400 for a malformed header) as problem+json with an RFC 6750 {@code WWW-Authenticate} challenge. */
final class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private final Problems problems;

    ProblemAuthenticationEntryPoint(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        return problems.write(exchange, problemFor(failure));
    }

    static Problem problemFor(AuthenticationException failure) {
        if (failure instanceof OAuth2AuthenticationException oauth
                && oauth.getError() instanceof BearerTokenError error) {
            HttpStatus status = HttpStatus.valueOf(error.getHttpStatus().value());
            String detail = error.getDescription() != null ? error.getDescription() : "The bearer token was rejected.";
            return Problem.of(status, error.getErrorCode().replace('_', '-'), detail)
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(error));
        }
        return Problem.of(
                        HttpStatus.UNAUTHORIZED,
                        "missing-token",
                        "This endpoint needs a bearer token: send 'Authorization: Bearer <JWT>'.")
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    private static String challenge(BearerTokenError error) {
        List<String> parameters = new ArrayList<>();
        parameters.add("error=\"" + error.getErrorCode() + "\"");
        if (error.getDescription() != null) {
            parameters.add("error_description=\"" + quoteSafe(error.getDescription()) + "\"");
        }
        if (error.getUri() != null) {
            parameters.add("error_uri=\"" + quoteSafe(error.getUri()) + "\"");
        }
        return "Bearer " + String.join(", ", parameters);
    }

    private static String quoteSafe(String value) {
        return value.replace("\\", "").replace("\"", "'").replaceAll("[\\r\\n]", " ");
    }
}
