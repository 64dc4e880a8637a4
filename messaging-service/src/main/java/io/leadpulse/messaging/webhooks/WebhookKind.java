package io.leadpulse.messaging.webhooks;

import java.util.List;

/** The two Twilio webhooks, and the parameters each must carry. */
public enum WebhookKind {
    INBOUND(List.of("MessageSid", "From", "To", "Body")),
    STATUS(List.of("MessageSid", "MessageStatus"));

    private final List<String> required;

    WebhookKind(List<String> required) {
        this.required = required;
    }

    public List<String> required() {
        return required;
    }
}
