package io.leadpulse.messaging.sending;

import java.time.Duration;
import java.util.UUID;

/**
 * What a provider is asked to send. {@code validity} is what is left of the message's validity
 * period: Twilio drops it rather than delivering it late. {@code subject} is an email's.
 */
public record OutgoingMessage(
        UUID messageId, Channel channel, String from, String to, String subject, String body, Duration validity) {}
