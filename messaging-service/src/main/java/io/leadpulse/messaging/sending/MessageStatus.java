package io.leadpulse.messaging.sending;

import java.util.Locale;
import java.util.Optional;

/**
 * A message's life, forward only. Twilio's callbacks arrive late, twice or out of order; a status
 * is applied only when it moves the message forward, so any order of the same callbacks ends in
 * the same state. {@code undelivered}, {@code failed} and {@code expired} are final; {@code read}
 * (WhatsApp) follows delivery.
 */
public enum MessageStatus {
    QUEUED(0),
    SENDING(1),
    SENT(2),
    DELIVERED(3),
    UNDELIVERED(3),
    FAILED(3),
    EXPIRED(3),
    READ(4),
    /** An inbound message; it has no further life. */
    RECEIVED(5);

    private final int rank;

    MessageStatus(int rank) {
        this.rank = rank;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFailure() {
        return this == UNDELIVERED || this == FAILED || this == EXPIRED;
    }

    /** Whether a message in this status may take {@code next}. */
    public boolean canMoveTo(MessageStatus next) {
        if (this == RECEIVED || next == RECEIVED || isFailure()) {
            return false;
        }
        if (next == READ) {
            return this == SENT || this == DELIVERED || this == SENDING || this == QUEUED;
        }
        return next.rank > rank;
    }

    /** Twilio's MessageStatus values; {@code accepted} and {@code scheduled} are still queued, {@code canceled} failed. */
    public static Optional<MessageStatus> fromTwilio(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued" -> Optional.of(QUEUED);
            case "sending" -> Optional.of(SENDING);
            case "sent" -> Optional.of(SENT);
            case "delivered" -> Optional.of(DELIVERED);
            case "undelivered" -> Optional.of(UNDELIVERED);
            case "failed", "canceled" -> Optional.of(FAILED);
            case "read" -> Optional.of(READ);
            case "received" -> Optional.of(RECEIVED);
            default -> Optional.empty();
        };
    }
}
