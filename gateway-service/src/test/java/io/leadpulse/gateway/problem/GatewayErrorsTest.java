package io.leadpulse.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

class GatewayErrorsTest {

    private final ServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.get("/api/leads").build());

    @Test
    void connectionRefusedIsServiceUnavailableWithoutTheAddress() {
        Problem problem = GatewayErrors.toProblem(
                exchange, new IllegalStateException(new ConnectException("Connection refused: /10.0.0.7:8081")));

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.detail()).doesNotContain("10.0.0.7");
        assertThat(problem.headers()).containsEntry("Retry-After", "5");
    }

    @Test
    void connectTimeoutIsServiceUnavailable() {
        assertThat(GatewayErrors.toProblem(exchange, new ConnectTimeoutException("x"))
                        .status())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void responseTimeoutIsGatewayTimeout() {
        assertThat(GatewayErrors.toProblem(exchange, new TimeoutException("late"))
                        .status())
                .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    }

    @Test
    void unreachableKeySetIsServiceUnavailable() {
        Problem problem = GatewayErrors.toProblem(exchange, new AuthenticationServiceException("JWKS down"));

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.type()).isEqualTo("token-verification-unavailable");
    }

    @Test
    void unexpectedErrorsAreInternalErrorsWithoutTheirMessage() {
        Problem problem = GatewayErrors.toProblem(exchange, new NullPointerException("secret internals"));

        assertThat(problem.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(problem.detail()).doesNotContain("secret internals");
    }

    @Test
    void notFoundNamesMethodAndPath() {
        Problem problem = GatewayErrors.toProblem(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND));

        assertThat(problem.detail()).isEqualTo("No route matches GET /api/leads.");
    }
}
