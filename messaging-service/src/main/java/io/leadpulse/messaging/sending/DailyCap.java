package io.leadpulse.messaging.sending;

import java.time.Instant;
import java.util.Optional;

/**
 * A limit on how many messages a sender may send per day (email warm-up). The send worker asks it
 * in the claiming transaction, before taking the sender's throughput slot, and counts the message
 * once it is claimed; a message over the cap waits (durably: its {@code send_after}) until the
 * instant answered.
 */
public interface DailyCap {

    /** When the sender may send again, if its cap for today is reached; locks the sender's counter. */
    Optional<Instant> reachedUntil(String sender, Channel channel, Instant now);

    /** One more message of {@code sender} today. */
    void count(String sender, Channel channel, Instant now);
}
