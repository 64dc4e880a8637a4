package io.leadpulse.messaging.sending;

/** How a message travels. */
public enum Channel {
    SMS,
    WHATSAPP,
    EMAIL
}
