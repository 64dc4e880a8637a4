package io.leadpulse.billing.checkout;

import com.stripe.StripeClient;
import io.leadpulse.billing.BillingProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stripe-java client, only when a secret key is configured; its API base is configurable (WireMock in tests). */
@Configuration(proxyBeanMethods = false)
class StripeConfiguration {

    @Bean
    @ConditionalOnExpression("'${billing.stripe.secret-key:}' != ''")
    StripeClient stripeClient(BillingProperties properties) {
        BillingProperties.Stripe stripe = properties.stripe();
        int timeout = (int) stripe.timeout().toMillis();
        return StripeClient.builder()
                .setApiKey(stripe.secretKey())
                .setApiBase(stripe.apiBase())
                .setConnectTimeout(timeout)
                .setReadTimeout(timeout)
                .setMaxNetworkRetries(stripe.maxNetworkRetries())
                .build();
    }
}
