package io.leadpulse.gateway.requestlog;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: a caller's own id is kept when it is sane, so it can be searched for end to end. */
final class RequestIds {

    static final int MAX_LENGTH = 64;

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private RequestIds() {}

    static boolean isSane(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches();
    }

    static String acceptOrGenerate(String incoming) {
        return isSane(incoming) ? incoming : UUID.randomUUID().toString();
    }
}
