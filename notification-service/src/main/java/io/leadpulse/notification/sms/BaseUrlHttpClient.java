package io.leadpulse.notification.sms;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The SDK's own HTTP client, with each request's origin ({@code https://api.twilio.com}) replaced
 * by a configured one: tests point the SDK at WireMock, a deployment may point it at a proxy. The
 * same adapter as messaging-service's (services share no code).
 */
final class BaseUrlHttpClient extends HttpClient {

    private final NetworkHttpClient delegate = new NetworkHttpClient();
    private final URI base;

    BaseUrlHttpClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    @Override
    public Response makeRequest(Request request) {
        URI original = URI.create(request.getUrl());
        String rewritten =
                base + original.getRawPath() + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
        Request copy = new Request(request.getMethod(), rewritten);
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        copy.setContentType(request.getContentType());
        if (request.getBody() != null) {
            copy.setBody(request.getBody());
        }
        copy.setUserAgentExtensions(request.getUserAgentExtensions());
        copyInto(request.getQueryParams(), copy::addQueryParam);
        copyInto(request.getPostParams(), copy::addPostParam);
        copyInto(request.getHeaderParams(), copy::addHeaderParam);
        return delegate.makeRequest(copy);
    }

    private static void copyInto(Map<String, List<String>> params, BiConsumer<String, String> add) {
        if (params != null) {
            params.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
        }
    }
}
