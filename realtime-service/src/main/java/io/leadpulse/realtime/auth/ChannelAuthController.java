package io.leadpulse.realtime.auth;

import io.leadpulse.realtime.channels.RealtimeMetrics;
import io.leadpulse.realtime.web.ProblemAdvice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/realtime/auth}: the Pusher channel authorization endpoint. One channel
 * ({@code socket_id}, {@code channel_name}) answers {@code {auth, channel_data}} or a problem; a
 * batch ({@code channel_name[0]}, {@code channel_name[1]}...) answers a map of channel to
 * {@code {auth, channel_data}} or {@code {status}}.
 */
@RestController
class ChannelAuthController {

    private static final int MAX_BATCH = 100;

    private final ChannelAuthorizer authorizer;
    private final RealtimeMetrics metrics;

    ChannelAuthController(ChannelAuthorizer authorizer, RealtimeMetrics metrics) {
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    @PostMapping(path = "/api/realtime/auth", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<?>> authorize(ServerWebExchange exchange, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = new Caller(
                UUID.fromString(jwt.getSubject()),
                UUID.fromString(jwt.getClaimAsString("org_id")),
                jwt.getClaimAsString("role"),
                jwt.getClaimAsString("name"),
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        return exchange.getFormData().flatMap(form -> {
            String socketId = form.getFirst("socket_id");
            List<String> batch = batch(form);
            if (batch.isEmpty()) {
                return authorizer
                        .authorize(caller, socketId, form.getFirst("channel_name"))
                        .map(decision -> single(exchange, decision));
            }
            if (batch.size() > MAX_BATCH) {
                return Mono.just(ProblemAdvice.problem(
                        exchange, HttpStatus.BAD_REQUEST, "At most " + MAX_BATCH + " channels in one call"));
            }
            return Flux.fromIterable(batch)
                    .concatMap(channel -> authorizer
                            .authorize(caller, socketId, channel)
                            .map(decision -> Map.entry(channel, decision)))
                    .collectList()
                    .map(decisions -> {
                        Map<String, Object> answer = new LinkedHashMap<>();
                        decisions.forEach(entry -> answer.put(entry.getKey(), batchEntry(entry.getValue())));
                        return ResponseEntity.ok(answer);
                    });
        });
    }

    private ResponseEntity<?> single(ServerWebExchange exchange, ChannelAuthorizer.Decision decision) {
        return switch (decision) {
            case ChannelAuthorizer.Decision.Allowed allowed -> ResponseEntity.ok(body(allowed));
            case ChannelAuthorizer.Decision.Refused refused -> {
                metrics.authFailed("denied");
                yield ProblemAdvice.problem(exchange, HttpStatus.valueOf(refused.status()), refused.detail());
            }
        };
    }

    private Object batchEntry(ChannelAuthorizer.Decision decision) {
        return switch (decision) {
            case ChannelAuthorizer.Decision.Allowed allowed -> body(allowed);
            case ChannelAuthorizer.Decision.Refused refused -> {
                metrics.authFailed("denied");
                yield Map.of("status", refused.status(), "detail", refused.detail());
            }
        };
    }

    private static Map<String, String> body(ChannelAuthorizer.Decision.Allowed allowed) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("auth", allowed.auth());
        if (allowed.channelData() != null) {
            body.put("channel_data", allowed.channelData());
        }
        return body;
    }

    /** {@code channel_name[0]}, {@code channel_name[1]}... in index order. */
    private static List<String> batch(MultiValueMap<String, String> form) {
        List<String> channels = new ArrayList<>();
        for (int i = 0; form.containsKey("channel_name[" + i + "]"); i++) {
            channels.add(form.getFirst("channel_name[" + i + "]"));
            if (i > MAX_BATCH) {
                break;
            }
        }
        return channels;
    }
}
