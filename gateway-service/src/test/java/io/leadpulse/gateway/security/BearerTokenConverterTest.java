package io.leadpulse.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenConverterTest {

    /** Spring Security's own grammar (ServerBearerTokenAuthenticationConverter), which the fast path must not widen. */
    private static final Pattern SPRING =
            Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$", Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
                "bearer abc",
                "BEARER a-b_c~d+e/f.g==",
                "Bearer abc=",
            })
    void acceptsWhatSpringSecurityAccepts(String header) {
        assertThat(BearerTokenConverter.wellFormedToken(header)).isNotNull().isEqualTo(tokenOf(header));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer",
                "Bearer ",
                "Bearer  abc",
                "Bearer abc def",
                "Bearer ==",
                "Bearer abc=def",
                "Bearer abc\n",
                "Bearer ab,c",
                "Basic dXNlcjpwYXNz",
                "Bearerabc",
                "Bearer ab\u212Ac",
            })
    void leavesEverythingElseToSpringSecurity(String header) {
        assertThat(BearerTokenConverter.wellFormedToken(header)).isNull();
    }

    @Test
    void nullIsNoToken() {
        assertThat(BearerTokenConverter.wellFormedToken(null)).isNull();
    }

    @Test
    void agreesWithSpringSecurityOnEveryCharacter() {
        IntStream.range(0, 0x3000).forEach(c -> {
            String header = "Bearer a" + (char) c + "b";
            boolean spring = SPRING.matcher(header).matches();
            assertThat(BearerTokenConverter.wellFormedToken(header) != null)
                    .as("character U+%04X", c)
                    .isEqualTo(spring);
        });
    }

    private static String tokenOf(String header) {
        var matcher = SPRING.matcher(header);
        return matcher.matches() ? matcher.group("token") : null;
    }
}
