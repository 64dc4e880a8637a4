package io.leadpulse.lead.callqueue;

/** How a call from the queue ended. */
public enum CallOutcome {
    CONNECTED,
    NO_ANSWER,
    VOICEMAIL
}
