package io.leadpulse.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class OpenEndpointTest {

    @Test
    void parsesMethodAndPattern() {
        assertThat(OpenEndpoint.parse("post  /api/auth/login"))
                .isEqualTo(new OpenEndpoint(HttpMethod.POST, "/api/auth/login"));
    }

    @Test
    void parsesPatternAloneAsAnyMethod() {
        assertThat(OpenEndpoint.parse(" /api/public/** ")).isEqualTo(new OpenEndpoint(null, "/api/public/**"));
    }

    @Test
    void refusesSomethingThatIsNotAnEndpoint() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OpenEndpoint.parse("login"))
                .withMessageContaining("gateway.security.open-endpoints");
    }
}
