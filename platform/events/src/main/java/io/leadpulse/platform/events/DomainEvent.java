package io.leadpulse.platform.events;

import java.util.UUID;

/**
 * A fact one service tells the others. Implementations are records named in the past tense,
 * annotated with {@link EventType}, and permitted by one sealed interface per producing context
 * that is annotated with {@link EventContext}.
 */
public interface DomainEvent {

    /** The tenant the event belongs to. */
    UUID orgId();

    /** The aggregate id: the Kafka key. */
    String subject();
}
