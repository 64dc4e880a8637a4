package io.leadpulse.gateway.ratelimit;

import io.leadpulse.gateway.GatewaySettings;
import io.leadpulse.gateway.problem.Problem;
import io.leadpulse.gateway.problem.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The gateway's three bucket families and what a decision does to the exchange. */
@Component
class RateLimits {

    static final String LIMIT_HEADER = "X-RateLimit-Limit";
    static final String REMAINING_HEADER = "X-RateLimit-Remaining";

    final boolean enabled;
    final RateLimiter perIp;
    final RateLimiter perUser;
    final RateLimiter webhooks;

    private final Problems problems;
    private final Map<String, Counter> rejections;

    RateLimits(GatewaySettings settings, Problems problems, MeterRegistry meters) {
        GatewaySettings.RateLimit config = settings.rateLimit();
        this.enabled = config.enabled();
        this.perIp = limiter("ip", config.perIp(), config);
        this.perUser = limiter("user", config.perUser(), config);
        this.webhooks = limiter("webhook", config.webhooks(), config);
        this.problems = problems;
        this.rejections = Map.of(
                "ip", rejections(meters, "ip"),
                "user", rejections(meters, "user"),
                "webhook", rejections(meters, "webhook"));
    }

    private static RateLimiter limiter(String kind, GatewaySettings.Bucket bucket, GatewaySettings.RateLimit config) {
        return new RateLimiter(kind, bucket, config.maxTrackedKeys(), config.idleExpiry(), System::nanoTime);
    }

    private static Counter rejections(MeterRegistry meters, String kind) {
        return Counter.builder("gateway.rate.limit.rejections")
                .description("Requests refused with 429, by bucket family")
                .tag("kind", kind)
                .register(meters);
    }

    Mono<Void> apply(RateLimiter limiter, String key, ServerWebExchange exchange, WebFilterChain chain) {
        TokenBucket.Decision decision = limiter.tryAcquire(key);
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(LIMIT_HEADER, Long.toString(decision.limit()));
        headers.set(REMAINING_HEADER, Long.toString(decision.remaining()));
        if (decision.allowed()) {
            return chain.filter(exchange);
        }
        rejections.get(limiter.kind()).increment();
        String who = switch (limiter.kind()) {
            case "user" -> "this user";
            case "webhook" -> "this webhook sender";
            default -> "this client address";
        };
        return problems.write(
                exchange,
                Problem.of(
                                HttpStatus.TOO_MANY_REQUESTS,
                                "rate-limited",
                                "Too many requests from " + who + "; retry after " + decision.retryAfterSeconds()
                                        + " s.")
                        .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds())));
    }
}
