package io.leadpulse.gateway.forwarding;

import java.net.InetSocketAddress;
import java.net.URI;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells every service the public URL the caller used, so that Twilio signatures (computed over that URL) verify and
 * links are built right. Spring Cloud Gateway only writes X-Forwarded-* for peers in {@code trusted-proxies} and
 * strips them for everybody else, which would leave a webhook straight from Twilio with none; this filter runs after
 * it and always sets Host, Proto and Port from the request URI. For a trusted proxy that URI already carries the
 * proxy's forwarded values (the gateway's Netty customizer applies them), for anybody else it is the Host they
 * addressed. X-Forwarded-Prefix stays Spring Cloud Gateway's business. A {@code Forwarded} header is not passed on.
 */
@Component
class PublicOriginHeadersFilter implements HttpHeadersFilter, Ordered {

    static final String HOST = "X-Forwarded-Host";
    static final String PROTO = "X-Forwarded-Proto";
    static final String PORT = "X-Forwarded-Port";
    static final String FOR = "X-Forwarded-For";
    static final String FORWARDED = "Forwarded";

    @Override
    public int getOrder() {
        // After XForwardedHeadersFilter / RemoveXForwardedHeadersFilter (0), before hop-by-hop removal.
        return 10;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        URI uri = request.getURI();
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        String scheme = uri.getScheme() != null ? uri.getScheme() : "http";
        int port = uri.getPort() >= 0 ? uri.getPort() : ("https".equalsIgnoreCase(scheme) ? 443 : 80);
        boolean defaultPort = port == ("https".equalsIgnoreCase(scheme) ? 443 : 80);
        if (uri.getHost() != null) {
            headers.set(HOST, defaultPort ? uri.getHost() : uri.getHost() + ":" + port);
        }
        headers.set(PROTO, scheme);
        // No service reads RFC 7239's Forwarded and the gateway writes none: one from the client is not passed on.
        headers.remove(FORWARDED);
        headers.set(PORT, Integer.toString(port));
        InetSocketAddress remote = request.getRemoteAddress();
        if (!headers.containsHeader(FOR) && remote != null && remote.getAddress() != null) {
            headers.set(FOR, remote.getAddress().getHostAddress());
        }
        return headers;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }
}
