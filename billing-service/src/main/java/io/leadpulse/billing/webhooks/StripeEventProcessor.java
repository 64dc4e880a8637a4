package io.leadpulse.billing.webhooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Routes a stored event to the handler of its type; a type nobody handles is ignored. */
@Component
class StripeEventProcessor {

    private final Map<String, List<StripeEventHandler>> handlers = new HashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    StripeEventProcessor(List<StripeEventHandler> all) {
        for (StripeEventHandler handler : all) {
            for (String type : handler.types()) {
                handlers.computeIfAbsent(type, t -> new ArrayList<>()).add(handler);
            }
        }
    }

    StripeEventHandler.Outcome process(StripeEventRepository.StoredEvent stored, boolean lastAttempt) {
        List<StripeEventHandler> forType = handlers.getOrDefault(stored.type(), List.of());
        if (forType.isEmpty()) {
            return StripeEventHandler.Outcome.ignored(null, "unhandled type");
        }
        StripeEvent event = new StripeEvent(
                stored.id(), stored.type(), stored.stripeCreated(), json.readTree(stored.payload()), lastAttempt);
        List<StripeEventHandler.Outcome> outcomes = new ArrayList<>();
        for (StripeEventHandler handler : forType) {
            outcomes.add(handler.handle(event));
        }
        return combine(outcomes);
    }

    /**
     * Several handlers of one type (an invoice is money and subscription state): deferred if any
     * waits (all run again; they are idempotent), processed if any applied something, unmatched if
     * any found no organisation, else ignored.
     */
    static StripeEventHandler.Outcome combine(List<StripeEventHandler.Outcome> outcomes) {
        if (outcomes.size() == 1) {
            return outcomes.getFirst();
        }
        UUID org = outcomes.stream()
                .map(StripeEventHandler.Outcome::orgId)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        String detail =
                outcomes.stream().map(StripeEventHandler.Outcome::detail).collect(Collectors.joining("; "));
        Set<StripeEventHandler.Status> statuses =
                outcomes.stream().map(StripeEventHandler.Outcome::status).collect(Collectors.toSet());
        StripeEventHandler.Status status;
        if (statuses.contains(StripeEventHandler.Status.DEFERRED)) {
            status = StripeEventHandler.Status.DEFERRED;
        } else if (statuses.contains(StripeEventHandler.Status.PROCESSED)) {
            status = StripeEventHandler.Status.PROCESSED;
        } else if (statuses.contains(StripeEventHandler.Status.UNMATCHED)) {
            status = StripeEventHandler.Status.UNMATCHED;
        } else {
            status = StripeEventHandler.Status.IGNORED;
        }
        return new StripeEventHandler.Outcome(status, org, detail);
    }
}
