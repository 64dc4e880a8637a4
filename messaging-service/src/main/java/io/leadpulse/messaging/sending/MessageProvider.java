package io.leadpulse.messaging.sending;

/** Hands a message to Twilio (or the offline sandbox that answers like it). */
public interface MessageProvider {

    /**
     * @return the provider's sid and status
     * @throws Rejected the provider refused this message for good (Twilio 4xx with an error code)
     * @throws Unavailable the provider could not be reached or failed (5xx, network); try later
     */
    Accepted send(OutgoingMessage message);

    /** A short name for logs and metrics ({@code twilio}, {@code sandbox}, {@code smtp}, {@code offline-email}). */
    String name();

    /** The channels this provider sends. */
    boolean handles(Channel channel);

    record Accepted(String sid, String status) {}

    /** Twilio error 21610: the recipient replied STOP to this sender; it counts as an opt-out. */
    int UNSUBSCRIBED_RECIPIENT = 21610;

    final class Rejected extends RuntimeException {
        private final Integer code;

        public Rejected(Integer code, String message) {
            super(message);
            this.code = code;
        }

        public Integer code() {
            return code;
        }
    }

    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
