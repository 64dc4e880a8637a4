package io.leadpulse.billing.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Known answers for MRR by Stripe's definition. */
class MrrTest {

    private static long mrr(String status, String interval, long amount) {
        return Mrr.of(status, interval, 1, amount, 1, false, null, null, null);
    }

    @Test
    void aMonthlySubscriptionCountsItsPrice() {
        assertThat(mrr("active", "month", 4900)).isEqualTo(4900);
    }

    @Test
    void aYearlySubscriptionCountsATwelfth() {
        assertThat(mrr("active", "year", 49000)).isEqualTo(4083); // 4083.33 rounded
        assertThat(mrr("active", "year", 120000)).isEqualTo(10000);
    }

    @Test
    void quantityAndIntervalCountScale() {
        assertThat(Mrr.of("active", "month", 3, 9000, 2, false, null, null, null))
                .isEqualTo(6000);
    }

    @Test
    void aTrialCountsNothing() {
        assertThat(mrr("trialing", "month", 4900)).isZero();
    }

    @Test
    void pastDueStillCounts() {
        assertThat(mrr("past_due", "month", 4900)).isEqualTo(4900);
    }

    @Test
    void canceledUnpaidAndIncompleteCountNothing() {
        assertThat(mrr("canceled", "month", 4900)).isZero();
        assertThat(mrr("unpaid", "month", 4900)).isZero();
        assertThat(mrr("incomplete", "month", 4900)).isZero();
    }

    @Test
    void aForeverCouponLowersMrr() {
        assertThat(Mrr.of("active", "month", 1, 4900, 1, false, new BigDecimal("20"), null, "forever"))
                .isEqualTo(3920);
        assertThat(Mrr.of("active", "year", 1, 49000, 1, false, null, 1000L, "forever"))
                .isEqualTo(4000);
    }

    @Test
    void aLimitedCouponDoesNotLowerMrr() {
        assertThat(Mrr.of("active", "month", 1, 4900, 1, false, new BigDecimal("50"), null, "repeating"))
                .isEqualTo(4900);
        assertThat(Mrr.of("active", "month", 1, 4900, 1, false, null, 1000L, "once"))
                .isEqualTo(4900);
    }

    @Test
    void meteredUsageIsNotRecurringRevenue() {
        assertThat(Mrr.of("active", "month", 1, 10, 1, true, null, null, null)).isZero();
    }
}
