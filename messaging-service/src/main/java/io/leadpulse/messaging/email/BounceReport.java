package io.leadpulse.messaging.email;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report in the bounce mailbox says. Delivery status notifications (RFC 3464,
 * {@code multipart/report; report-type=delivery-status}) with {@code Action: failed}: a 5.x.x
 * {@code Status} is a hard bounce, 4.x.x a soft one ({@code Action: delayed} only says the MTA is
 * still trying: ignored). Feedback reports (ARF, RFC 5965, {@code report-type=feedback-report}) are
 * complaints. Both quote the original message's headers, where {@code X-LeadPulse-Message-Id}
 * names our message.
 */
record BounceReport(Kind kind, UUID messageId, String address, String statusCode, String feedbackType) {

    enum Kind {
        HARD,
        SOFT,
        COMPLAINT,
        /** Not a report we act on (an auto-reply, a delay notice, anything else). */
        OTHER
    }

    private static final Pattern REPORT_TYPE = Pattern.compile(
            "(?i)content-type:\\s*multipart/report;[^\\n]*?(?:\\n[ \\t][^\\n]*)*?report-type=\"?([\\w-]+)");
    private static final Pattern ACTION = Pattern.compile("(?im)^Action:\\s*(\\w+)");
    private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d{1,3}\\.\\d{1,3})");
    private static final Pattern RECIPIENT =
            Pattern.compile("(?im)^(?:Final-Recipient|Original-Rcpt-To):\\s*(?:rfc822;\\s*)?<?([^\\s>]+)");
    private static final Pattern FEEDBACK = Pattern.compile("(?im)^Feedback-Type:\\s*([\\w-]+)");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^" + SmtpMessageProvider.ID_HEADER
            + ":\\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    /** Reads a raw RFC 5322 report (CRLF or LF line ends). */
    static BounceReport parse(String raw) {
        String text = raw.replace("\r\n", "\n");
        UUID messageId = find(MESSAGE_ID, text).map(UUID::fromString).orElse(null);
        String address = find(RECIPIENT, text).orElse(null);
        String type =
                find(REPORT_TYPE, text).map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
        if (type.equals("feedback-report")) {
            return new BounceReport(
                    Kind.COMPLAINT,
                    messageId,
                    address,
                    null,
                    find(FEEDBACK, text).orElse("abuse"));
        }
        if (type.equals("delivery-status")) {
            String action =
                    find(ACTION, text).map(a -> a.toLowerCase(Locale.ROOT)).orElse("");
            String status = find(STATUS, text).orElse(null);
            if (action.equals("failed") && status != null) {
                Kind kind = status.startsWith("5") ? Kind.HARD : status.startsWith("4") ? Kind.SOFT : Kind.OTHER;
                return new BounceReport(kind, messageId, address, status, null);
            }
            return new BounceReport(Kind.OTHER, messageId, address, status, null);
        }
        return new BounceReport(Kind.OTHER, messageId, address, null, null);
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
