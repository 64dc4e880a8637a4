package io.leadpulse.platform.eventing.outbox;

import io.leadpulse.platform.events.DomainEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import java.util.List;

/**
 * Where a service writes what it tells the world. Must be called inside the business transaction:
 * the row commits or rolls back with the change it describes, and is published right after commit.
 */
public interface Outbox {

    /** Records a domain event for its context's topic. */
    void publish(DomainEvent event);

    /** Records a message for realtime-service to deliver to channels. */
    void publish(RealtimeMessage message);

    /**
     * Records many domain events with one statement, in the given order: what a bulk change (a CSV
     * import batch) uses instead of one round trip per event.
     */
    void publishAll(List<? extends DomainEvent> events);
}
