package io.leadpulse.gateway.console;

import io.leadpulse.gateway.GatewaySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the web console (the {@code web-console} module's jar: {@code classpath:/console/}, or
 * {@code gateway.console.location}) at {@code /}
 * (docs/adr/0021). {@code index.html} answers the console's own paths (history routing: {@code /leads/123} is a
 * real URL), never {@code /api}, webhooks, sockets or anything else, which keep the gateway's routes and its
 * problem+json 404. Hashed files under {@code /assets/} are cached for a year as immutable; {@code index.html} is
 * revalidated on every load ({@code no-cache}) so a new build is picked up at once. Every console response carries
 * a Content-Security-Policy that allows this origin and its socket origin only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.console.enabled", havingValue = "true", matchIfMissing = true)
class ConsoleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleConfiguration.class);

    /** The screens of the console's router (web-console/src/main.js); deep links to them get index.html. */
    static final List<String> CONSOLE_PATHS =
            List.of("/", "/login", "/leads", "/leads/{id}", "/import", "/queue", "/revenue", "/admin");

    private static final CacheControl IMMUTABLE =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Bean
    RouterFunction<ServerResponse> consoleRoutes(GatewaySettings settings, ResourceLoader resources)
            throws IOException {
        String location = settings.console().location();
        Resource root = resources.getResource(location.endsWith("/") ? location : location + "/");
        Resource index = root.createRelative("index.html");
        if (!index.exists()) {
            log.warn("web console not found at {} (no index.html): / is not served", location);
            return RouterFunctions.route(
                    request -> false, request -> ServerResponse.notFound().build());
        }
        log.info("web console served at / from {}", location);
        ConsolePolicy policy = new ConsolePolicy(settings.console().socketOrigins());
        RequestPredicate pages = CONSOLE_PATHS.stream()
                .map(RequestPredicates::GET)
                .reduce(RequestPredicate::or)
                .orElseThrow();
        return RouterFunctions.route(pages, request -> index(request, index, policy))
                .andRoute(RequestPredicates.GET("/assets/{*file}"), request -> asset(request, root, policy));
    }

    private static Mono<ServerResponse> index(ServerRequest request, Resource index, ConsolePolicy policy) {
        return ServerResponse.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .headers(headers -> policy.apply(headers, request.uri()))
                .body(BodyInserters.fromResource(index));
    }

    private static Mono<ServerResponse> asset(ServerRequest request, Resource root, ConsolePolicy policy) {
        String file = request.pathVariable("file");
        if (file.contains("..") || file.contains("\\") || file.contains("//") || file.endsWith("/")) {
            return ServerResponse.notFound().build();
        }
        Resource resource;
        try {
            resource = root.createRelative("assets" + file);
        } catch (IOException e) {
            return ServerResponse.notFound().build();
        }
        if (!resource.exists() || !resource.isReadable()) {
            return ServerResponse.notFound()
                    .cacheControl(CacheControl.noStore())
                    .build();
        }
        return ServerResponse.ok()
                .cacheControl(IMMUTABLE)
                .headers(headers -> policy.apply(headers, request.uri()))
                .body(BodyInserters.fromResource(resource));
    }
}
