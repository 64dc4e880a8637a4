package io.leadpulse.messaging.sending;

import java.time.Instant;
import java.util.UUID;

/**
 * One message with a lead, either way. {@code from} and {@code to} are the provider's addresses
 * ({@code +1555…}, {@code whatsapp:+1555…}, an email address); {@code subject} is an email's.
 */
public record Message(
        UUID id,
        UUID orgId,
        UUID leadId,
        Channel channel,
        Direction direction,
        String from,
        String to,
        String body,
        MessageStatus status,
        String providerSid,
        Integer errorCode,
        String errorMessage,
        UUID sentBy,
        int attempts,
        Instant createdAt,
        Instant sendAfter,
        Instant expiresAt,
        Instant statusAt,
        String subject) {

    public enum Direction {
        OUTBOUND,
        INBOUND
    }

    Message withStatus(MessageStatus next, Integer code, String why, Instant at) {
        return new Message(
                id,
                orgId,
                leadId,
                channel,
                direction,
                from,
                to,
                body,
                next,
                providerSid,
                code,
                why,
                sentBy,
                attempts,
                createdAt,
                sendAfter,
                expiresAt,
                at,
                subject);
    }

    Message withSid(String sid) {
        return new Message(
                id,
                orgId,
                leadId,
                channel,
                direction,
                from,
                to,
                body,
                status,
                sid,
                errorCode,
                errorMessage,
                sentBy,
                attempts,
                createdAt,
                sendAfter,
                expiresAt,
                statusAt,
                subject);
    }
}
