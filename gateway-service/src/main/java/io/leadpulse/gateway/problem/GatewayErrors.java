package io.leadpulse.gateway.problem;

import io.leadpulse.gateway.GatewayExchange;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.netty.http.client.PrematureCloseException;

/** Chooses the problem for an error: what the client can act on, never internal addresses or stack traces. */
final class GatewayErrors {

    private GatewayErrors() {}

    static Problem toProblem(ServerWebExchange exchange, Throwable error) {
        String service = GatewayExchange.serviceName(exchange)
                .map(name -> "The " + name + " service")
                .orElse("The downstream service");
        if (error instanceof ServerWebInputException input) {
            return Problem.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request: " + reason(input));
        }
        if (error instanceof ResponseStatusException status) {
            return fromStatus(exchange, status, service);
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationServiceException) {
                // Before the connection checks: the JWKS endpoint being down is not the routed service being down.
                return Problem.of(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "token-verification-unavailable",
                                "The token could not be verified because the signing keys (JWKS) are unavailable;"
                                        + " try again shortly.")
                        .withHeader(HttpHeaders.RETRY_AFTER, "5");
            }
            if (cause instanceof ConnectException
                    || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return Problem.of(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "service-unavailable",
                                service + " is not reachable right now; try again shortly.")
                        .withHeader(HttpHeaders.RETRY_AFTER, "5");
            }
            if (cause instanceof ReadTimeoutException || cause instanceof TimeoutException) {
                return Problem.of(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout", service + " did not answer in time.");
            }
            if (cause instanceof PrematureCloseException) {
                return Problem.of(
                        HttpStatus.BAD_GATEWAY, "bad-gateway", service + " closed the connection before answering.");
            }
            if (cause instanceof IOException
                    && GatewayExchange.serviceName(exchange).isPresent()) {
                // A routed request whose connection to the service broke (reset by a crashing service, for one).
                return Problem.of(
                        HttpStatus.BAD_GATEWAY, "bad-gateway", service + " broke off the connection before answering.");
            }
            if (cause instanceof DataBufferLimitException) {
                return Problem.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", cause.getMessage());
            }
        }
        return Problem.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "The gateway failed to handle this request; quote the request id when reporting it.");
    }

    private static Problem fromStatus(ServerWebExchange exchange, ResponseStatusException error, String service) {
        HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return switch (status) {
            case NOT_FOUND ->
                Problem.of(
                        status,
                        "no-route",
                        "No route matches " + exchange.getRequest().getMethod() + " "
                                + exchange.getRequest().getPath().value() + ".");
            case METHOD_NOT_ALLOWED ->
                Problem.of(
                        status,
                        "method-not-allowed",
                        exchange.getRequest().getMethod() + " is not supported on "
                                + exchange.getRequest().getPath().value() + ".");
            case GATEWAY_TIMEOUT -> Problem.of(status, "gateway-timeout", service + " did not answer in time.");
            case SERVICE_UNAVAILABLE ->
                Problem.of(status, "service-unavailable", service + " is not available right now; try again shortly.");
            case CONTENT_TOO_LARGE -> Problem.of(status, "payload-too-large", reason(error));
            case BAD_REQUEST -> Problem.of(status, "malformed-request", "Malformed request: " + reason(error));
            default -> Problem.of(status, slug(status), reason(error));
        };
    }

    private static String reason(ResponseStatusException error) {
        String reason = error.getReason();
        return reason != null && !reason.isBlank()
                ? reason
                : HttpStatus.valueOf(error.getStatusCode().value()).getReasonPhrase();
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
