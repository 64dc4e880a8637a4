package io.leadpulse.lead.preview;

import io.leadpulse.lead.LeadSettings;
import io.leadpulse.platform.web.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public preview page and its beacon (no login; the gateway routes {@code /p/**} as is).
 * Browsers land on the page, so its errors are small HTML pages; the beacon is an API and answers
 * problem+json.
 */
@RestController
class PreviewController {

    /** 256 bits in lower-case hex, as the database draws them. */
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");

    private static final Pattern CLIENT_EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_SECONDS_PER_EVENT = 86_400;
    private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

    private final PreviewService previews;
    private final PreviewRateLimits limits;
    private final JsonMapper json;
    private final long heartbeatSeconds;
    private final SecureRandom random = new SecureRandom();

    PreviewController(PreviewService previews, PreviewRateLimits limits, JsonMapper json, LeadSettings settings) {
        this.previews = previews;
        this.limits = limits;
        this.json = json;
        this.heartbeatSeconds =
                Math.max(1, settings.preview().heartbeatInterval().toSeconds());
    }

    @GetMapping("/p/{token}")
    ResponseEntity<String> page(@PathVariable String token) {
        Optional<PreviewService.Page> page = TOKEN.matcher(token).matches() ? previews.page(token) : Optional.empty();
        if (page.isEmpty()) {
            return html(
                            HttpStatus.NOT_FOUND,
                            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                    .body(PreviewPage.notFound());
        }
        String nonce = nonce();
        String csp = "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                + "'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return html(HttpStatus.OK, csp).body(PreviewPage.render(page.get(), nonce, heartbeatSeconds));
    }

    /**
     * One beacon event. Accepts {@code text/plain} as well as JSON: {@code navigator.sendBeacon}
     * sends a CORS-safelisted type without a preflight.
     */
    @PostMapping(
            path = "/p/{token}/events",
            consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<Void> event(
            @PathVariable String token, @RequestBody(required = false) String body, HttpServletRequest request) {
        if (!TOKEN.matcher(token).matches()) {
            throw ApiProblem.notFound("Preview page");
        }
        limits.takeForAddress(clientAddress(request)).ifPresent(wait -> {
            throw new TooManyEvents(wait);
        });
        if (!previews.exists(token)) {
            throw ApiProblem.notFound("Preview page");
        }
        limits.takeForToken(token).ifPresent(wait -> {
            throw new TooManyEvents(wait);
        });
        BeaconEvent event = parse(body);
        if (previews.record(token, event) == PreviewService.Outcome.NOT_FOUND) {
            throw ApiProblem.notFound("Preview page");
        }
        return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
    }

    private BeaconEvent parse(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", "The body is not JSON.", null);
        }
        if (node == null || !node.isObject()) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "malformed-body",
                    "Malformed request body",
                    "The body must be a JSON object.",
                    null);
        }
        JsonNode type = node.get("type");
        PreviewEventType eventType;
        try {
            if (type == null || !type.isString()) {
                throw new IllegalArgumentException();
            }
            eventType = PreviewEventType.valueOf(type.asString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("type", "must be one of VIEW, HEARTBEAT, CTA_CLICK, QUOTE_ACCEPTED");
        }
        int seconds = 0;
        JsonNode secondsNode = node.get("secondsOnPage");
        if (secondsNode != null && !secondsNode.isNull()) {
            if (!secondsNode.isIntegralNumber()
                    || secondsNode.asLong() < 0
                    || secondsNode.asLong() > MAX_SECONDS_PER_EVENT) {
                throw ApiProblem.invalidField(
                        "secondsOnPage", "must be a whole number from 0 to " + MAX_SECONDS_PER_EVENT);
            }
            seconds = secondsNode.asInt();
        }
        String clientEventId = null;
        JsonNode idNode = node.get("clientEventId");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isString()
                    || !CLIENT_EVENT_ID.matcher(idNode.asString()).matches()) {
                throw ApiProblem.invalidField("clientEventId", "must be 1 to 64 letters, digits or . _ : - characters");
            }
            clientEventId = idNode.asString();
        }
        return new BeaconEvent(eventType, seconds, clientEventId);
    }

    /**
     * The visitor's address: the last {@code X-Forwarded-For} entry, the one the gateway appended,
     * so a client cannot pick its own by sending the header; the socket's peer without a gateway.
     */
    static String clientAddress(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (!hop.isEmpty()) {
                    return hop.length() > 64 ? hop.substring(0, 64) : hop;
                }
            }
        }
        return request.getRemoteAddr();
    }

    /** Too many beacon events from one address or for one page. */
    static final class TooManyEvents extends RuntimeException {
        final Duration retryAfter;

        TooManyEvents(Duration retryAfter) {
            super("Too many preview events; slow down.");
            this.retryAfter = retryAfter;
        }
    }

    @ExceptionHandler(TooManyEvents.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyEvents e) {
        long seconds = Math.max(1, (e.retryAfter.toMillis() + 999) / 1000);
        ProblemDetail problem = new ApiProblem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too-many-preview-events",
                        "Too many preview events",
                        e.getMessage(),
                        Map.of("retryAfterSeconds", seconds))
                .toProblemDetail();
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    private static ResponseEntity.BodyBuilder html(HttpStatus status, String csp) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", csp)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex, nofollow")
                .header("X-Frame-Options", "DENY");
    }

    private String nonce() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
