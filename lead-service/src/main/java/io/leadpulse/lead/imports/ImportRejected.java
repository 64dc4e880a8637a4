package io.leadpulse.lead.imports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file or request the import refuses before writing anything; the controller turns it into
 * problem+json with the kind's slug ({@code urn:leadpulse:problem:<slug>}).
 */
public class ImportRejected extends RuntimeException {

    /** Why, with the HTTP status the controller answers. */
    public enum Kind {
        EMPTY_FILE("empty-file", 400),
        BINARY_FILE("binary-file", 400),
        NOT_UTF8("not-utf8", 400),
        MALFORMED_CSV("malformed-csv", 400),
        NO_ROWS("no-rows", 400),
        NO_HEADER("no-header", 400),
        INVALID_MAPPING("invalid-request", 400),
        MISSING_COLUMN("missing-column", 422),
        NOT_STARTABLE("conflict", 409);

        private final String slug;
        private final int status;

        Kind(String slug, int status) {
            this.slug = slug;
            this.status = status;
        }

        public String slug() {
            return slug;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final Map<String, Object> properties;

    ImportRejected(Kind kind, String detail) {
        this(kind, detail, Map.of());
    }

    ImportRejected(Kind kind, String detail, Map<String, Object> properties) {
        super(detail);
        this.kind = kind;
        this.properties = new LinkedHashMap<>(properties);
    }

    public Kind kind() {
        return kind;
    }

    /** Extra problem members: {@code line}, {@code byte}, {@code errors[{field, message}]}... */
    public Map<String, Object> properties() {
        return properties;
    }
}
