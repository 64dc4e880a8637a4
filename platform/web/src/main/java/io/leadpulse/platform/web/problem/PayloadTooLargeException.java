package io.leadpulse.platform.web.problem;

import java.io.IOException;

/** The request body grew past the service's limit while it was being read. */
public class PayloadTooLargeException extends IOException {
    public PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes.");
    }
}
