package io.leadpulse.billing.subscriptions;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Monthly recurring revenue of one subscription, by Stripe's definition: only {@code active} and
 * {@code past_due} subscriptions count (trials, canceled, unpaid do not); the price before tax,
 * times quantity, normalised to a month (a yearly price / 12); metered prices are not recurring
 * revenue; a {@code forever} coupon lowers MRR, a coupon of limited duration ({@code once},
 * {@code repeating}) does not.
 */
public final class Mrr {

    private Mrr() {}

    public static long of(
            String status,
            String interval,
            int intervalCount,
            long unitAmount,
            int quantity,
            boolean metered,
            BigDecimal couponPercentOff,
            Long couponAmountOff,
            String couponDuration) {
        if (!("active".equals(status) || "past_due".equals(status)) || metered || interval == null) {
            return 0;
        }
        BigDecimal perInterval = BigDecimal.valueOf(unitAmount).multiply(BigDecimal.valueOf(Math.max(quantity, 1)));
        if ("forever".equals(couponDuration)) {
            if (couponPercentOff != null) {
                perInterval = perInterval.multiply(BigDecimal.ONE.subtract(couponPercentOff.movePointLeft(2)));
            } else if (couponAmountOff != null) {
                perInterval = perInterval
                        .subtract(BigDecimal.valueOf(couponAmountOff))
                        .max(BigDecimal.ZERO);
            }
        }
        BigDecimal months = switch (interval) {
            case "year" -> BigDecimal.valueOf(12L * Math.max(intervalCount, 1));
            case "month" -> BigDecimal.valueOf(Math.max(intervalCount, 1));
            // 52 weeks or 365 days make 12 months.
            case "week" ->
                BigDecimal.valueOf(12)
                        .divide(BigDecimal.valueOf(52), 10, RoundingMode.HALF_UP)
                        .multiply(BigDecimal.valueOf(Math.max(intervalCount, 1)));
            case "day" ->
                BigDecimal.valueOf(12)
                        .divide(BigDecimal.valueOf(365), 10, RoundingMode.HALF_UP)
                        .multiply(BigDecimal.valueOf(Math.max(intervalCount, 1)));
            default -> null;
        };
        if (months == null) {
            return 0;
        }
        return perInterval.divide(months, 0, RoundingMode.HALF_UP).longValueExact();
    }
}
