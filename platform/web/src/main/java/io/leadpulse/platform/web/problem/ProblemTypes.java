package io.leadpulse.platform.web.problem;

import java.net.URI;
import java.util.Locale;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Problem {@code type}s are stable slugs, {@code urn:leadpulse:problem:<slug>}, the same scheme the
 * gateway uses, so a client can branch on them; every problem also carries the request id.
 */
public final class ProblemTypes {

    public static final String PREFIX = "urn:leadpulse:problem:";

    private ProblemTypes() {}

    public static URI uri(String slug) {
        return URI.create(PREFIX + slug);
    }

    /** Gives a problem that has no specific type one from its status, and the request id. */
    public static ProblemDetail finish(ProblemDetail problem) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(uri(slugOf(HttpStatusCode.valueOf(problem.getStatus()))));
        }
        String requestId = MDC.get("requestId");
        if (requestId != null
                && (problem.getProperties() == null || !problem.getProperties().containsKey("requestId"))) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }

    static String slugOf(HttpStatusCode status) {
        if (status instanceof org.springframework.http.HttpStatus known) {
            return known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        }
        return "http-" + status.value();
    }
}
