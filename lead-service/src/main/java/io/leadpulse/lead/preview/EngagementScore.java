package io.leadpulse.lead.preview;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The engagement score of PRODUCT.md F4: (views*10 + ctaClicks*20 + messages*15 +
 * secondsOnPage/60*5)/100, with minutes on page as a fraction (90 s count 1.5 minutes), rounded
 * half-up to the two decimals {@code lead.engagement_score} keeps. Public so whoever changes a
 * lead's message count recomputes the score the same way.
 */
public final class EngagementScore {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private EngagementScore() {}

    public static BigDecimal of(int views, int ctaClicks, int messages, int secondsOnPage) {
        BigDecimal counted = BigDecimal.valueOf((long) views * 10 + (long) ctaClicks * 20 + (long) messages * 15);
        // seconds/60*5 == seconds*5/60, computed exactly before the single rounding at the end
        BigDecimal time = BigDecimal.valueOf((long) secondsOnPage * 5);
        return counted.multiply(SIXTY).add(time).divide(SIXTY.multiply(HUNDRED), 2, RoundingMode.HALF_UP);
    }
}
