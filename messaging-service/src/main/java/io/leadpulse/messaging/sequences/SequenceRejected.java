package io.leadpulse.messaging.sequences;

/** A sequence or enrolment that cannot be accepted, naming the field at fault. */
public class SequenceRejected extends RuntimeException {

    public enum Reason {
        INVALID,
        NOT_FOUND,
        ALREADY_ENROLLED
    }

    private final Reason reason;
    private final String field;

    SequenceRejected(Reason reason, String field, String message) {
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
