package io.leadpulse.billing.webhooks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Routes a stored event to the handler of its type; a type nobody handles is ignored. */
@Component
class StripeEventProcessor {

    private final Map<String, StripeEventHandler> handlers = new HashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    StripeEventProcessor(List<StripeEventHandler> all) {
        for (StripeEventHandler handler : all) {
            for (String type : handler.types()) {
                StripeEventHandler previous = handlers.put(type, handler);
                if (previous != null) {
                    throw new IllegalStateException("two handlers for Stripe event type " + type);
                }
            }
        }
    }

    StripeEventHandler.Outcome process(StripeEventRepository.StoredEvent stored, boolean lastAttempt) {
        StripeEventHandler handler = handlers.get(stored.type());
        if (handler == null) {
            return StripeEventHandler.Outcome.ignored(null, "unhandled type");
        }
        StripeEvent event = new StripeEvent(
                stored.id(), stored.type(), stored.stripeCreated(), json.readTree(stored.payload()), lastAttempt);
        return handler.handle(event);
    }
}
