package io.leadpulse.lead.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pure parts of preview pages: score, rate-limit buckets, escaping. No Spring, no servers. */
class PreviewUnitsTest {

    @Test
    void theScoreFollowsTheProductFormulaWithFractionalMinutes() {
        assertThat(EngagementScore.of(0, 0, 0, 0)).isEqualByComparingTo("0");
        assertThat(EngagementScore.of(1, 0, 0, 0)).isEqualByComparingTo("0.10");
        assertThat(EngagementScore.of(0, 1, 0, 0)).isEqualByComparingTo("0.20");
        assertThat(EngagementScore.of(0, 0, 1, 0)).isEqualByComparingTo("0.15");
        assertThat(EngagementScore.of(0, 0, 0, 60)).isEqualByComparingTo("0.05");
        // 30 s = half a minute = 2.5 points = 0.025, rounded half-up
        assertThat(EngagementScore.of(0, 0, 0, 30)).isEqualByComparingTo("0.03");
        assertThat(EngagementScore.of(3, 2, 4, 600)).isEqualByComparingTo("1.80");
        assertThat(EngagementScore.of(3, 2, 4, 600).scale()).isEqualTo(2);
    }

    @Test
    void aBucketGrantsItsBurstThenRefillsAtItsRate() {
        TokenBuckets buckets = new TokenBuckets(30);
        long t0 = 1_000_000_000L;
        for (int i = 0; i < 30; i++) {
            assertThat(buckets.take("page", t0)).as("event " + i).isEmpty();
        }
        assertThat(buckets.take("page", t0))
                .hasValueSatisfying(
                        wait -> assertThat(wait).isBetween(Duration.ofMillis(1999), Duration.ofMillis(2001)));
        assertThat(buckets.take("other", t0)).as("keys are independent").isEmpty();

        long twoSecondsLater = t0 + TimeUnit.SECONDS.toNanos(2);
        assertThat(buckets.take("page", twoSecondsLater)).isEmpty();
        assertThat(buckets.take("page", twoSecondsLater)).isPresent();

        assertThat(buckets.evictIdle(twoSecondsLater))
                .as("only 'other' is full again")
                .isEqualTo(1);
        assertThat(buckets.size()).isEqualTo(1);
        assertThat(buckets.evictIdle(t0 + TimeUnit.MINUTES.toNanos(2))).isEqualTo(1);
        assertThat(buckets.size()).isZero();
    }

    @Test
    void escapingCoversTextAttributesAndScriptBlocks() {
        assertThat(PreviewPage.escape("<a href=\"x\" onclick='y'>&`</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;");
        assertThat(PreviewPage.escape(null)).isEmpty();
        assertThat(PreviewPage.jsonForHtml("{\"a\":\"</script><!--&\u2028\"}"))
                .isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\"}")
                .doesNotContain("<", ">", "&");
    }

    @Test
    void onlyAbsoluteHttpUrlsBecomeLinks() {
        assertThat(PreviewPage.httpUrl("https://acme.test/offer?a=1")).isEqualTo("https://acme.test/offer?a=1");
        assertThat(PreviewPage.httpUrl("HTTP://acme.test")).isEqualTo("HTTP://acme.test");
        assertThat(PreviewPage.httpUrl("javascript:alert(1)")).isNull();
        assertThat(PreviewPage.httpUrl(" JavaScript:alert(1)")).isNull();
        assertThat(PreviewPage.httpUrl("data:text/html,<script>")).isNull();
        assertThat(PreviewPage.httpUrl("//evil.test")).isNull();
        assertThat(PreviewPage.httpUrl("https://acme.test/\"><script>")).isNull();
        assertThat(PreviewPage.httpUrl("acme.test")).isNull();
    }
}
