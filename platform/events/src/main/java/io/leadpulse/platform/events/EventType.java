package io.leadpulse.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The stable wire name and contract version of an event record. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** Dotted name, {@code <aggregate>.<past-tense fact>}, for example {@code lead.created}. */
    String value();

    int version() default 1;
}
