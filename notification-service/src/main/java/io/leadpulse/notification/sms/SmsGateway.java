package io.leadpulse.notification.sms;

/** Hands one text to Twilio (or the offline gateway that only logs it). */
interface SmsGateway {

    /**
     * @return the provider's id of the message (Twilio's {@code SM...} sid)
     * @throws Refused the provider refused this text for good (a Twilio 4xx with its error code)
     * @throws Unavailable the provider failed or could not be reached (5xx, 429, network): try later
     */
    String send(String to, String from, String body);

    /** Twilio error 21211: the To number is not a valid phone number. */
    int INVALID_NUMBER = 21211;

    /** Twilio error 21610: the recipient replied STOP to this sender. */
    int UNSUBSCRIBED_RECIPIENT = 21610;

    final class Refused extends RuntimeException {
        private final Integer code;

        Refused(Integer code, String message) {
            super(message);
            this.code = code;
        }

        Integer code() {
            return code;
        }
    }

    final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
