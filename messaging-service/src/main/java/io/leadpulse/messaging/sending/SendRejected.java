package io.leadpulse.messaging.sending;

/** A send that cannot be accepted, naming the field at fault, or the suppression that forbids it. */
public class SendRejected extends RuntimeException {

    public enum Reason {
        INVALID,
        LEAD_NOT_FOUND,
        /** The address opted out (STOP, or Twilio 21610): nobody in the organisation may send to it. */
        SUPPRESSED
    }

    private final Reason reason;
    private final String field;

    SendRejected(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
