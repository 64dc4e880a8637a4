package io.leadpulse.gateway.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An RFC 9457 problem the gateway itself answers with; {@code type} is a stable slug rendered as
 * {@code urn:leadpulse:problem:<slug>}. Headers go on the response beside the body (Retry-After, WWW-Authenticate).
 */
public record Problem(HttpStatus status, String type, String detail, Map<String, String> headers) {

    public static final String TYPE_PREFIX = "urn:leadpulse:problem:";

    public Problem {
        headers = Map.copyOf(headers);
    }

    public static Problem of(HttpStatus status, String type, String detail) {
        return new Problem(status, type, detail, Map.of());
    }

    public Problem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Problem(status, type, detail, more);
    }

    public String typeUri() {
        return TYPE_PREFIX + type;
    }

    public String title() {
        return status.getReasonPhrase();
    }
}
