package io.leadpulse.notification.rules;

import io.leadpulse.notification.directory.Directory;
import io.leadpulse.notification.directory.LeadOwner;
import io.leadpulse.notification.inbox.NewNotification;
import io.leadpulse.notification.insights.InsightFacts;
import io.leadpulse.notification.insights.InsightFacts.Kind;
import io.leadpulse.platform.events.EventEnvelope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Inbound messages, payments and platform connections, read from the envelope's type and
 * {@code data}: a message tells the lead's assignee (admins when none), a payment the admins and
 * the rep who owns the lead, a failed payment the admins, a platform connection whose access was
 * revoked the admins and whoever connected it.
 */
@Service
class MoneyAndMessageRules {

    private static final Set<String> TYPES = Set.of(
            "message.inbound", "payment.succeeded", "payment.failed", "payment.refunded", "integration.needs_reauth");
    private static final int PREVIEW_CHARS = 140;

    private final Directory directory;
    private final Recipients recipients;
    private final InsightFacts insights;

    MoneyAndMessageRules(Directory directory, Recipients recipients, InsightFacts insights) {
        this.directory = directory;
        this.recipients = recipients;
        this.insights = insights;
    }

    static boolean handles(String type) {
        return TYPES.contains(type);
    }

    @Transactional
    void apply(EventEnvelope envelope) {
        JsonNode data = envelope.data();
        UUID orgId = envelope.orgId();
        UUID leadId = uuid(data, "leadId");
        String subject = leadId == null ? null : leadId.toString();
        switch (envelope.type()) {
            case "message.inbound" -> {
                String channel = text(data, "channel");
                String body = text(data, "body");
                if (body != null && body.length() > PREVIEW_CHARS) {
                    body = body.substring(0, PREVIEW_CHARS - 1) + "…";
                }
                UUID assignee = assigneeOf(orgId, leadId, uuid(data, "assigneeId"));
                insights.record(envelope.id(), orgId, Kind.REPLY, leadId, assignee, at(envelope, "receivedAt"));
                recipients.assigneeOrAdmins(
                        assignee,
                        new NewNotification(
                                orgId,
                                null,
                                "message.inbound",
                                "New " + (channel == null ? "" : channel.toLowerCase() + " ") + "message from a lead",
                                body,
                                subject,
                                envelope.id(),
                                null));
            }
            case "payment.succeeded" -> {
                money(envelope, Kind.PAYMENT);
                recipients.adminsAnd(
                        assigneeOf(orgId, leadId, null),
                        new NewNotification(
                                orgId,
                                null,
                                "payment.succeeded",
                                "Payment received: " + money(data),
                                null,
                                subject,
                                envelope.id(),
                                null));
            }
            case "payment.refunded" -> money(envelope, Kind.REFUND);
            case "integration.needs_reauth" ->
                recipients.adminsAnd(
                        uuid(data, "connectedBy"),
                        new NewNotification(
                                orgId,
                                null,
                                "integration.needs_reauth",
                                "Reconnect " + platform(text(data, "provider")) + ": its access was revoked",
                                "Syncing has stopped until an admin connects it again.",
                                null,
                                envelope.id(),
                                null));
            case "payment.failed" ->
                recipients.admins(new NewNotification(
                        orgId,
                        null,
                        "payment.failed",
                        "Payment failed: " + money(data),
                        text(data, "reason"),
                        subject,
                        envelope.id(),
                        null));
            default -> {}
        }
    }

    private static String platform(String provider) {
        return provider == null ? "the platform" : "highlevel".equals(provider) ? "HighLevel" : provider;
    }

    /** A payment or refund for the weekly revenue (amount in minor units). */
    private void money(EventEnvelope envelope, Kind kind) {
        JsonNode data = envelope.data();
        JsonNode amount = data == null ? null : data.get("amount");
        String currency = text(data, "currency");
        if (amount != null && amount.isNumber() && currency != null) {
            insights.money(
                    envelope.id(),
                    envelope.orgId(),
                    kind,
                    uuid(data, "leadId"),
                    amount.asLong(),
                    currency,
                    at(envelope, "occurredAt"));
        }
    }

    /** The event's own time field when it has one, else the envelope's. */
    private static Instant at(EventEnvelope envelope, String field) {
        String text = text(envelope.data(), field);
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (RuntimeException e) {
                // fall through to the envelope's time
            }
        }
        return envelope.occurredAt();
    }

    /** The given assignee, else the lead's current one from the directory (same org only). */
    private UUID assigneeOf(UUID orgId, UUID leadId, UUID given) {
        if (given != null) {
            return given;
        }
        if (leadId == null) {
            return null;
        }
        return directory
                .lead(leadId)
                .filter(lead -> lead.orgId().equals(orgId) && !lead.deleted())
                .map(LeadOwner::assigneeId)
                .orElse(null);
    }

    static String money(JsonNode data) {
        JsonNode amount = data == null ? null : data.get("amount");
        String currency = text(data, "currency");
        if (amount == null || !amount.isNumber() || currency == null) {
            return "amount unknown";
        }
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency.toUpperCase()).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(amount.asLong(), digits).toPlainString() + " " + currency.toUpperCase();
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data == null ? null : data.get(field);
        return node == null || !node.isString() ? null : node.asString();
    }

    private static UUID uuid(JsonNode data, String field) {
        String text = text(data, field);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
