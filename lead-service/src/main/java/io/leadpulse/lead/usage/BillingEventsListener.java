package io.leadpulse.lead.usage;

import io.leadpulse.platform.eventing.consumer.IdempotentConsumer;
import io.leadpulse.platform.events.BillingEvent;
import io.leadpulse.platform.events.EventCodec;
import io.leadpulse.platform.events.EventEnvelope;
import io.leadpulse.platform.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies billing's plan changes to the lead quota. Idempotent per event id, and out-of-order
 * safe: a change older ({@code effectiveAt}) than the one applied changes nothing. Quota pushes
 * {@code usage.updated} from the same transaction. Other billing event types are ignored.
 */
@Component
class BillingEventsListener {

    static final String CONSUMER = "lead.billing-events";
    private static final Logger log = LoggerFactory.getLogger(BillingEventsListener.class);

    private final EventCodec codec;
    private final IdempotentConsumer idempotent;
    private final Quota quota;

    BillingEventsListener(EventCodec codec, IdempotentConsumer idempotent, Quota quota) {
        this.codec = codec;
        this.idempotent = idempotent;
        this.quota = quota;
    }

    @KafkaListener(topics = Topics.BILLING_EVENTS)
    void on(String json) {
        EventEnvelope envelope = codec.readEnvelope(json);
        codec.decode(envelope)
                .filter(BillingEvent.PlanChanged.class::isInstance)
                .map(BillingEvent.PlanChanged.class::cast)
                .ifPresent(plan -> idempotent.apply(CONSUMER, envelope, () -> {
                    boolean applied = quota.applyPlan(
                            plan.orgId(), plan.plan(), plan.status(), plan.leadLimit(), plan.effectiveAt());
                    log.info(
                            "plan change {}: org={} plan={} status={} limit={} event={}",
                            applied ? "applied" : "ignored (older than the applied one)",
                            plan.orgId(),
                            plan.plan(),
                            plan.status(),
                            plan.leadLimit(),
                            envelope.id());
                }));
    }
}
