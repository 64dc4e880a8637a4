package io.leadpulse.lead.preview;

import io.leadpulse.lead.LeadSettings;
import io.leadpulse.lead.hot.HotLeadDetector;
import io.leadpulse.lead.hot.ViewedLead;
import io.leadpulse.lead.leads.LeadAudience;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.lead.timeline.Timeline;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Preview pages (PRODUCT.md F4): what the public page shows, and the beacon's events applied to
 * the lead's engagement counters and score, with their event, realtime message and timeline entry
 * in one transaction. A view also runs hot-lead detection in that transaction.
 */
@Service
public class PreviewService {

    private static final Logger log = LoggerFactory.getLogger(PreviewService.class);

    private final PreviewRepository previews;
    private final OrgSettingsRepository orgSettings;
    private final Outbox outbox;
    private final LeadAudience audience;
    private final Timeline timeline;
    private final HotLeadDetector hotLeads;
    private final int maxSecondsPerView;

    PreviewService(
            PreviewRepository previews,
            OrgSettingsRepository orgSettings,
            Outbox outbox,
            LeadAudience audience,
            Timeline timeline,
            HotLeadDetector hotLeads,
            LeadSettings settings) {
        this.previews = previews;
        this.orgSettings = orgSettings;
        this.outbox = outbox;
        this.audience = audience;
        this.timeline = timeline;
        this.hotLeads = hotLeads;
        this.maxSecondsPerView = settings.preview().maxSecondsPerView();
    }

    /** What the page at {@code /p/{token}} shows. */
    public record Page(UUID leadId, String firstName, String company, String orgName, Map<String, Object> profile) {}

    /** What recording an event did. */
    public enum Outcome {
        RECORDED,
        /** The client event id was seen for this lead before: nothing changed. */
        DUPLICATE,
        NOT_FOUND
    }

    @Transactional(readOnly = true)
    public Optional<Page> page(String token) {
        return previews.findPage(token)
                .map(lead -> new Page(
                        lead.leadId(),
                        lead.firstName(),
                        lead.company(),
                        lead.orgName(),
                        orgSettings.find(lead.orgId()).profile()));
    }

    /** Whether a preview token belongs to a lead (before a rate-limit bucket is spent on it). */
    @Transactional(readOnly = true)
    public boolean exists(String token) {
        return previews.findPage(token).isPresent();
    }

    @Transactional
    public Outcome record(String token, BeaconEvent event) {
        Optional<PreviewRepository.TrackedLead> found = previews.lockByToken(token);
        if (found.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        PreviewRepository.TrackedLead lead = found.get();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int addedSeconds = Math.min(Math.max(0, event.secondsOnPage()), maxSecondsPerView);
        if (!previews.insertEvent(lead.orgId(), lead.id(), event.type(), addedSeconds, event.clientEventId(), at)) {
            log.debug("preview event ignored, seen before: lead={} clientEventId={}", lead.id(), event.clientEventId());
            return Outcome.DUPLICATE;
        }
        int views = lead.views() + (event.type() == PreviewEventType.VIEW ? 1 : 0);
        boolean click = event.type() == PreviewEventType.CTA_CLICK || event.type() == PreviewEventType.QUOTE_ACCEPTED;
        int clicks = lead.ctaClicks() + (click ? 1 : 0);
        // Time on page never exceeds maxSecondsPerView per view, whatever a forged beacon claims.
        long cap = (long) views * maxSecondsPerView;
        int seconds = (int) Math.min((long) lead.secondsOnPage() + addedSeconds, Math.max(cap, lead.secondsOnPage()));
        BigDecimal score = EngagementScore.of(views, clicks, lead.messages(), seconds);
        previews.updateEngagement(lead.id(), views, clicks, seconds, score, at);

        if (event.type() != PreviewEventType.HEARTBEAT) {
            outbox.publish(new LeadEvent.PreviewEngaged(
                    lead.orgId(), lead.id(), lead.assigneeId(), event.type().name(), views, score.doubleValue(), at));
            timeline.record(lead.orgId(), lead.id(), timelineType(event.type()), null, at, Map.of("views", views));
        }
        Map<String, Object> engagement = new LinkedHashMap<>();
        engagement.put("leadId", lead.id());
        engagement.put("kind", event.type().name());
        engagement.put("views", views);
        engagement.put("ctaClicks", clicks);
        engagement.put("secondsOnPage", seconds);
        engagement.put("messages", lead.messages());
        engagement.put("engagementScore", score);
        engagement.put("occurredAt", at);
        outbox.publish(RealtimeMessage.of(
                lead.orgId(),
                audience.channels(lead.orgId(), lead.id(), lead.assigneeId()),
                "lead.engagement_updated",
                engagement));

        boolean hot = event.type() == PreviewEventType.VIEW
                && hotLeads.viewed(
                        new ViewedLead(
                                lead.id(),
                                lead.orgId(),
                                lead.firstName(),
                                lead.lastName(),
                                lead.company(),
                                lead.status(),
                                lead.assigneeId(),
                                lead.becameHotAt()),
                        at);
        if (event.type() == PreviewEventType.HEARTBEAT) {
            log.debug("preview heartbeat: lead={} seconds={}", lead.id(), seconds);
            return Outcome.RECORDED;
        }
        log.info(
                "preview event: lead={} org={} type={} views={} score={}{}",
                lead.id(),
                lead.orgId(),
                event.type(),
                views,
                score,
                hot ? " (turned hot)" : "");
        return Outcome.RECORDED;
    }

    private static String timelineType(PreviewEventType type) {
        return switch (type) {
            case VIEW -> "preview.viewed";
            case CTA_CLICK -> "preview.cta_clicked";
            case QUOTE_ACCEPTED -> "preview.quote_accepted";
            case HEARTBEAT -> throw new IllegalArgumentException("heartbeats are not on the timeline");
        };
    }
}
