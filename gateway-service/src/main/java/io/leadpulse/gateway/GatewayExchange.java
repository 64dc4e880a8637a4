package io.leadpulse.gateway;

import java.util.Optional;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
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

    /** The downstream service's name (route metadata {@code service}, else the route id), if a route matched. */
    public static Optional<String> serviceName(ServerWebExchange exchange) {
        return route(exchange).map(route -> {
            Object service = route.getMetadata().get("service");
            return service != null ? service.toString() : route.getId();
        });
    }
}
