package io.leadpulse.billing.checkout;

import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CheckoutController {

    private final Checkout checkout;

    CheckoutController(Checkout checkout) {
        this.checkout = checkout;
    }

    record CheckoutRequest(String plan, String interval) {}

    @PostMapping("/api/billing/checkout")
    Map<String, Object> start(CurrentUser user, @RequestBody CheckoutRequest request) {
        if (!user.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin may buy a plan.");
        }
        if (request == null || request.plan() == null || request.plan().isBlank()) {
            throw ApiProblem.invalidField("plan", "is required");
        }
        String interval = request.interval() == null ? "month" : request.interval();
        try {
            Checkout.Started started = checkout.start(user.orgId(), user.id(), request.plan(), interval);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", started.url());
            body.put("sessionId", started.sessionId());
            body.put("mode", started.mode());
            return body;
        } catch (Checkout.InvalidCheckoutException e) {
            throw ApiProblem.invalidField(e.field(), e.getMessage());
        } catch (Checkout.CheckoutUnavailableException e) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "Payment provider unavailable", e.getMessage(), null);
        }
    }
}
