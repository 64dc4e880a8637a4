package io.leadpulse.gateway;

import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import java.util.Optional;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/** What the gateway's features share about one exchange: its request id and the route it took. */
public final class GatewayExchange {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final String REQUEST_ID_ATTRIBUTE = GatewayExchange.class.getName() + ".requestId";

    private GatewayExchange() {}

    public static void setRequestId(ServerWebExchange exchange, String requestId) {
        exchange.getAttributes().put(REQUEST_ID_ATTRIBUTE, requestId);
    }

    public static Optional<String> requestId(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(REQUEST_ID_ATTRIBUTE));
    }

    public static Optional<Route> route(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
    }

    /**
     * The trace id of the request's server observation, or "-". Log lines written inside reactive code carry it
     * explicitly: with {@code spring.reactor.context-propagation=limited} the MDC is not restored on every operator.
     */
    public static String traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .<TracingContext>map(context -> context.get(TracingContext.class))
                .map(TracingContext::getSpan)
                .map(span -> span.context().traceId())
                .orElse("-");
    }

    /** The downstream service's name (route metadata {@code service}, else the route id), if a route matched. */
    public static Optional<String> serviceName(ServerWebExchange exchange) {
        return route(exchange).map(route -> {
            Object service = route.getMetadata().get("service");
            return service != null ? service.toString() : route.getId();
        });
    }
}
