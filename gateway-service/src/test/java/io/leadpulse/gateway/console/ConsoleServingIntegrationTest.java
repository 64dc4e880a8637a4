package io.leadpulse.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.gateway.support.GatewayIntegrationTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The web console's files as the gateway serves them: index at / and deep links, hashed assets, headers. */
class ConsoleServingIntegrationTest extends GatewayIntegrationTest {

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[0-9a-f]{12})/main\\.js\"");

    @Test
    void indexAtTheRootWithoutCachingAndWithTheConsolePolicy() {
        var result = client.get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .valueEquals("X-Frame-Options", "DENY")
                .expectBody(String.class)
                .returnResult();

        assertThat(result.getResponseBody()).contains("<div id=\"app\">").containsPattern(SCRIPT);
        String csp = result.getResponseHeaders().getFirst("Content-Security-Policy");
        assertThat(csp)
                .contains("default-src 'self'")
                .contains("script-src 'self';")
                .contains("connect-src 'self' ws://localhost:" + port + ";")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
    }

    @ParameterizedTest(name = "{0} answers the console's index")
    @ValueSource(
            strings = {
                "/login",
                "/leads",
                "/leads/8a3c1f0e-7b7e-4c5e-9d7a-1c2b3d4e5f60",
                "/import",
                "/queue",
                "/revenue",
                "/admin"
            })
    void deepLinksFallBackToIndex(String path) {
        client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("<div id=\"app\">"));
    }

    @Test
    void hashedAssetsAreImmutable() {
        String index = client.get()
                .uri("/")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Matcher script = SCRIPT.matcher(index);
        assertThat(script.find()).isTrue();

        String folder = script.group(1);

        client.get()
                .uri(folder + "/lib/realtime.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("text/javascript")
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable")
                .expectBody(String.class)
                .value(js -> assertThat(js).contains("leadpulse:resume"));
        client.get()
                .uri(folder + "/vendor/pusher.min.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(js -> assertThat(js).contains("Pusher"));
        client.get()
                .uri(folder + "/styles.css")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("text/css");
    }

    @Test
    void unknownAssetIs404() {
        client.get()
                .uri("/assets/0123456789ab/no-such-file.js")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @ParameterizedTest(name = "{0} serves nothing")
    @ValueSource(
            strings = {"/assets/../application.yml", "/assets/%2e%2e/application.yml", "/assets/..%2fapplication.yml"})
    void pathsLeavingTheAssetsFolderServeNothing(String path) {
        client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .is4xxClientError()
                .expectBody(String.class)
                .value(body -> assertThat(String.valueOf(body)).doesNotContain("gateway:"));
    }

    @Test
    void apiPathsStayProblemJson() {
        client.get()
                .uri("/api/no-such-thing")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get()
                .uri("/no/such/page")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:leadpulse:problem:no-route");
    }

    @Test
    void aPostToAConsolePathIsNotTheConsole() {
        client.post()
                .uri("/leads")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
