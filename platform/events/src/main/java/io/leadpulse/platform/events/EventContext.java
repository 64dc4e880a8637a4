package io.leadpulse.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the sealed interface of one producing context and names the topic its events go to. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventContext {

    /** The Kafka topic, {@code <context>.events}; its dead letters go to {@code <topic>.dlt}. */
    String topic();
}
