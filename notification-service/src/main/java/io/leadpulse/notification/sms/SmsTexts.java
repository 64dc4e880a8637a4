package io.leadpulse.notification.sms;

import java.text.Normalizer;
import java.util.Map;

/**
 * The text of a notification SMS: {@code LeadPulse: <the in-app title> - open <link>}, in the GSM-7
 * alphabet and within one segment (160 septets), so it costs one message and renders on any phone.
 * It says no more than the in-app title already does (never the in-app body: an inbound message's
 * text, a payment failure's reason).
 *
 * <p>Characters outside GSM-7 are replaced (typographic quotes and dashes by their ASCII forms,
 * accented letters by their base letter when that is GSM-7, anything else by {@code ?}): one such
 * character would switch the whole text to UCS-2 and its limit to 70. When too long, the title is
 * cut and ends with {@code ...}; the link is kept whole, and dropped only when it alone would not fit.
 */
final class SmsTexts {

    static final int SEGMENT_SEPTETS = 160;
    static final String PREFIX = "LeadPulse: ";
    private static final String ELLIPSIS = "...";

    /** GSM 03.38 basic character set (one septet each). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** GSM 03.38 extension table (an escape plus the character: two septets each). */
    private static final String EXTENSION = "^{}\\[~]|€\f";

    private static final Map<Character, String> LOOK_ALIKES = Map.ofEntries(
            Map.entry('\u2018', "'"),
            Map.entry('\u2019', "'"),
            Map.entry('\u201C', "\""),
            Map.entry('\u201D', "\""),
            Map.entry('\u2013', "-"),
            Map.entry('\u2014', "-"),
            Map.entry('\u2026', "..."),
            Map.entry('\u00A0', " "),
            Map.entry('\t', " "));

    private SmsTexts() {}

    /** The text for a notification titled {@code title}, pointing at {@code link} (null for none). */
    static String compose(String title, String link) {
        String subject = gsm7(title == null || title.isBlank() ? "You have a new notification" : title.strip())
                .replace('\n', ' ')
                .replace('\r', ' ');
        String tail = link == null ? "" : " - open " + gsm7(link);
        if (septets(PREFIX) + septets(tail) + 10 > SEGMENT_SEPTETS) {
            tail = ""; // a link too long to leave room for the title is no use in one segment
        }
        int room = SEGMENT_SEPTETS - septets(PREFIX) - septets(tail);
        if (septets(subject) > room) {
            subject = cut(subject, room - ELLIPSIS.length()) + ELLIPSIS;
        }
        return PREFIX + subject + tail;
    }

    /** Septets the text takes in GSM-7 (extension characters take two); the text must be GSM-7. */
    static int septets(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        return n;
    }

    static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The text in GSM-7: look-alikes for typographic marks, base letters for accents, else {@code ?}. */
    static String gsm7(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                char c = (char) cp;
                if (BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0) {
                    out.append(c);
                    return;
                }
                String alike = LOOK_ALIKES.get(c);
                if (alike != null) {
                    out.append(alike);
                    return;
                }
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                if (!base.isEmpty() && BASIC.indexOf(base.charAt(0)) >= 0) {
                    out.append(base.charAt(0));
                    return;
                }
            }
            out.append('?');
        });
        return out.toString();
    }

    /** The longest prefix of {@code text} within {@code maxSeptets}, without a trailing space. */
    private static String cut(String text, int maxSeptets) {
        int n = 0;
        int end = 0;
        while (end < text.length()) {
            int cost = EXTENSION.indexOf(text.charAt(end)) >= 0 ? 2 : 1;
            if (n + cost > maxSeptets) {
                break;
            }
            n += cost;
            end++;
        }
        return text.substring(0, end).stripTrailing();
    }
}
