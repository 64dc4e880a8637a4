package io.leadpulse.lead.leads;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person a team wants to sell to. Emails are lower-cased and phones E.164 before they get here.
 *
 * @param previewToken the unguessable token of the lead's preview page ({@code /p/{token}})
 * @param engagementScore (views*10 + ctaClicks*20 + messages*15 + secondsOnPage/60*5)/100, PRODUCT.md F4
 * @param becameHotAt when the lead last turned hot, null if never
 * @param version bumped by every change made through the leads API (update, assignment, status);
 *     a client sends it back ({@code If-Match} or {@code version}) to update only what it saw
 * @param enrichment what enrichment-service found, null until it found anything
 */
public record Lead(
        UUID id,
        UUID orgId,
        String firstName,
        String lastName,
        String email,
        String phone,
        String company,
        LeadStatus status,
        UUID assigneeId,
        List<String> tags,
        String source,
        String previewToken,
        int views,
        int ctaClicks,
        int secondsOnPage,
        int messages,
        BigDecimal engagementScore,
        Instant becameHotAt,
        Instant createdAt,
        Instant updatedAt,
        long version,
        LeadEnrichment enrichment) {}
