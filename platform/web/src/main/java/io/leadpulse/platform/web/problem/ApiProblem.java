package io.leadpulse.platform.web.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure the caller can act on, turned into RFC 9457 problem+json by {@link ProblemDetailsAdvice}.
 * Thrown from controllers and application services; domain code throws its own exceptions and
 * the adapter translates them.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final Map<String, Object> properties;

    public ApiProblem(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        this(status, ProblemTypes.slugOf(status), title, detail, properties);
    }

    /** @param slug the stable problem type, rendered as {@code urn:leadpulse:problem:<slug>} */
    public ApiProblem(HttpStatus status, String slug, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not Found", what + " was not found.", null);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, null);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail, null);
    }

    /** A 400 that names the offending field. */
    public static ApiProblem invalidField(String field, String message) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("errors", List.of(Map.of("field", field, "message", message)));
        return new ApiProblem(
                HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", field + ": " + message, properties);
    }

    public static ApiProblem unprocessable(String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable request", detail, null);
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, getMessage());
        detail.setType(ProblemTypes.uri(slug));
        detail.setTitle(title);
        properties.forEach(detail::setProperty);
        return ProblemTypes.finish(detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
