package io.leadpulse.platform.events;

/** Topic names, in one place so producers, consumers and docs agree. */
public final class Topics {

    public static final String LEAD_EVENTS = "lead.events";
    public static final String MESSAGING_EVENTS = "messaging.events";
    public static final String BILLING_EVENTS = "billing.events";
    public static final String ENRICHMENT_EVENTS = "enrichment.events";
    public static final String NOTIFICATION_EVENTS = "notification.events";
    /** What enrichment-service's external platform sync brings in (contacts, transactions, connection trouble). */
    public static final String INTEGRATION_EVENTS = "integration.events";
    /** Realtime messages that services ask realtime-service to deliver to channels. */
    public static final String REALTIME_MESSAGES = "realtime.messages";

    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {}

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
