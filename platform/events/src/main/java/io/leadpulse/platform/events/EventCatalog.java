package io.leadpulse.platform.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every public event contract, found from the sealed interfaces of the producing contexts. The
 * wire name comes from {@link EventType}, never from the class name, so classes can be renamed.
 */
public final class EventCatalog {

    /** One sealed interface per producing context; a new context adds itself here. */
    static final List<Class<? extends DomainEvent>> CONTEXTS = List.of(
            LeadEvent.class,
            LeadImportEvent.class,
            AccountEvent.class,
            BillingEvent.class,
            MessagingEvent.class,
            EnrichmentEvent.class,
            OrgEvent.class,
            IntegrationEvent.class);

    private static final Map<Key, Class<? extends DomainEvent>> BY_TYPE = new HashMap<>();

    static {
        for (Class<? extends DomainEvent> context : CONTEXTS) {
            if (context.getAnnotation(EventContext.class) == null) {
                throw new IllegalStateException(context + " lacks @EventContext");
            }
            for (Class<?> permitted : context.getPermittedSubclasses()) {
                EventType type = permitted.getAnnotation(EventType.class);
                if (type == null) {
                    throw new IllegalStateException(permitted + " lacks @EventType");
                }
                @SuppressWarnings("unchecked")
                Class<? extends DomainEvent> eventClass = (Class<? extends DomainEvent>) permitted;
                Class<?> previous = BY_TYPE.put(new Key(type.value(), type.version()), eventClass);
                if (previous != null) {
                    throw new IllegalStateException(
                            "event type " + type.value() + " v" + type.version() + " used twice");
                }
            }
        }
    }

    private EventCatalog() {}

    /** The contract class for a wire type and version, if this build knows it. */
    public static Optional<Class<? extends DomainEvent>> classOf(String type, int version) {
        return Optional.ofNullable(BY_TYPE.get(new Key(type, version)));
    }

    public static EventType typeOf(Class<? extends DomainEvent> eventClass) {
        EventType type = eventClass.getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalArgumentException(eventClass + " is not an event contract (no @EventType)");
        }
        return type;
    }

    /** The topic of the producing context the event belongs to. */
    public static String topicOf(Class<? extends DomainEvent> eventClass) {
        for (Class<?> candidate : eventClass.getInterfaces()) {
            EventContext context = candidate.getAnnotation(EventContext.class);
            if (context != null) {
                return context.topic();
            }
        }
        throw new IllegalArgumentException(eventClass + " is not permitted by any @EventContext interface");
    }

    /** Every known (type, version), for documentation checks. */
    public static Map<String, Class<? extends DomainEvent>> all() {
        Map<String, Class<? extends DomainEvent>> all = new HashMap<>();
        BY_TYPE.forEach((key, value) -> all.put(key.type() + "@v" + key.version(), value));
        return all;
    }

    private record Key(String type, int version) {}
}
