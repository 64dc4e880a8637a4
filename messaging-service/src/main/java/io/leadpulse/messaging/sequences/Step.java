package io.leadpulse.messaging.sequences;

import io.leadpulse.messaging.sending.Channel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

/**
 * One step: after {@code delay} (from enrolment for the first, from the previous step otherwise),
 * send {@code template} on {@code channel}, but only on {@code days} between {@code from} and
 * {@code until} in the lead's local time.
 */
public record Step(
        int position,
        Channel channel,
        Duration delay,
        String subject,
        String template,
        Set<DayOfWeek> days,
        LocalTime from,
        LocalTime until) {}
