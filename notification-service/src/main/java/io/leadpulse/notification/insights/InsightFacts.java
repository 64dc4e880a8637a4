package io.leadpulse.notification.insights;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the weekly insights count, written by the rules in the consumer's transaction, once per
 * event id (ADR 0017).
 */
@Service
public class InsightFacts {

    private final InsightRepository repository;

    InsightFacts(InsightRepository repository) {
        this.repository = repository;
    }

    public enum Kind {
        NEW_LEAD,
        CONTACTED,
        REPLY,
        HOT,
        CONVERSION,
        PAYMENT,
        REFUND
    }

    /** A counted event; {@code userId} is the rep it is credited to (conversions, replies). */
    @Transactional
    public void record(UUID eventId, UUID orgId, Kind kind, UUID leadId, UUID userId, Instant occurredAt) {
        repository.insert(
                new InsightRepository.Fact(eventId, orgId, kind.name(), leadId, userId, null, null, occurredAt));
    }

    /** Money: a payment or a refund, in minor units of {@code currency}. */
    @Transactional
    public void money(UUID eventId, UUID orgId, Kind kind, UUID leadId, long amount, String currency, Instant at) {
        if (currency == null || currency.length() != 3) {
            return; // not an ISO 4217 code: nothing to add up (and it must not stop the consumer)
        }
        repository.insert(new InsightRepository.Fact(
                eventId,
                orgId,
                kind.name(),
                leadId,
                null,
                amount,
                currency == null ? null : currency.toUpperCase(),
                at));
    }

    /** The org's company name, time zone and monthly targets, newest version wins. */
    @Transactional
    public void settings(UUID orgId, String companyName, String timezone, Map<String, Long> targets, long version) {
        String name =
                companyName == null || companyName.length() <= 200 ? companyName : companyName.substring(0, 199) + "…";
        repository.upsertProfile(orgId, name, timezone, targets, version);
    }
}
