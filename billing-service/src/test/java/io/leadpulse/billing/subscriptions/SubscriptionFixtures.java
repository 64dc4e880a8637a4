package io.leadpulse.billing.subscriptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stripe subscription objects as Stripe sends them (the fields billing reads, and a few more). */
public final class SubscriptionFixtures {

    private SubscriptionFixtures() {}

    public static Map<String, Object> subscriptionObject(
            String id,
            UUID org,
            String status,
            String price,
            long amount,
            String interval,
            Map<String, Object> coupon) {
        Map<String, Object> recurring = new LinkedHashMap<>();
        recurring.put("interval", interval);
        recurring.put("interval_count", 1);
        recurring.put("usage_type", "licensed");
        Map<String, Object> priceObject = new LinkedHashMap<>();
        priceObject.put("id", price);
        priceObject.put("object", "price");
        priceObject.put("unit_amount", amount);
        priceObject.put("currency", "eur");
        priceObject.put("recurring", recurring);
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("id", id);
        sub.put("object", "subscription");
        sub.put("customer", "cus_" + org.toString().substring(0, 8));
        sub.put("status", status);
        sub.put("cancel_at_period_end", false);
        sub.put("metadata", Map.of("org_id", org.toString()));
        sub.put(
                "items",
                Map.of(
                        "object",
                        "list",
                        "data",
                        List.of(Map.of("id", "si_" + id.substring(4), "price", priceObject, "quantity", 1))));
        sub.put("discount", coupon == null ? null : Map.of("coupon", coupon));
        return sub;
    }
}
