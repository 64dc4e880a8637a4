package io.leadpulse.messaging.webhooks;

import java.util.List;

/** A webhook we refuse before storing anything. */
public class WebhookRejected extends RuntimeException {

    public enum Reason {
        /** Missing or wrong {@code X-Twilio-Signature}. */
        BAD_SIGNATURE,
        /** Signed, but lacking parameters the webhook must carry. */
        MISSING_PARAMETERS
    }

    private final Reason reason;
    private final List<String> missing;

    WebhookRejected(Reason reason, List<String> missing, String message) {
        super(message);
        this.reason = reason;
        this.missing = List.copyOf(missing);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> missing() {
        return missing;
    }
}
