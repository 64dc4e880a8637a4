package io.leadpulse.billing.webhooks;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stripe's webhook endpoint (public path, protected by the signature). The raw body is taken as
 * it came: the signature covers its exact bytes.
 */
@RestController
class StripeWebhookController {

    private final StripeWebhookIngest ingest;
    private final IngestGate gate;

    StripeWebhookController(StripeWebhookIngest ingest, IngestGate gate) {
        this.ingest = ingest;
        this.gate = gate;
    }

    @PostMapping("/webhooks/stripe")
    ResponseEntity<Map<String, Object>> receive(
            @RequestBody(required = false) String payload,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        if (!gate.enter()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", Long.toString(gate.retryAfterSeconds()))
                    .body(Map.of("received", false, "retry", true));
        }
        try {
            StripeWebhookIngest.Result result = ingest.ingest(payload, signature);
            return ResponseEntity.ok(Map.of("received", true, "id", result.eventId(), "duplicate", result.duplicate()));
        } catch (StripeWebhookIngest.RejectedWebhookException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } finally {
            gate.leave();
        }
    }
}
