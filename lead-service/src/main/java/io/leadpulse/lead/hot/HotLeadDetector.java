package io.leadpulse.lead.hot;

import io.leadpulse.lead.callqueue.CallQueue;
import io.leadpulse.lead.leads.LeadAudience;
import io.leadpulse.lead.leads.LeadService;
import io.leadpulse.lead.leads.LeadStatus;
import io.leadpulse.lead.settings.OrgSettings;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hot-lead detection (PRODUCT.md F5), at the moment of a view rather than by polling: when the
 * organisation's number of preview views falls within its window (default 3 in 10 minutes), the
 * lead turns HOT and joins the call queue, in the transaction that recorded the view. The caller
 * holds the lead's row lock, so two simultaneous views cannot both make it hot. Only views after
 * the lead last turned hot count, so a lead a rep moved on needs fresh views to turn hot again.
 */
@Component
public class HotLeadDetector {

    private static final Logger log = LoggerFactory.getLogger(HotLeadDetector.class);
    static final String REASON = "preview views";

    private final HotLeadRepository repository;
    private final OrgSettingsRepository orgSettings;
    private final Outbox outbox;
    private final LeadAudience audience;
    private final LeadService leads;
    private final CallQueue callQueue;

    HotLeadDetector(
            HotLeadRepository repository,
            OrgSettingsRepository orgSettings,
            Outbox outbox,
            LeadAudience audience,
            LeadService leads,
            CallQueue callQueue) {
        this.repository = repository;
        this.orgSettings = orgSettings;
        this.outbox = outbox;
        this.audience = audience;
        this.leads = leads;
        this.callQueue = callQueue;
    }

    /**
     * Called after a view was recorded at {@code at}, with the lead's row locked by the caller.
     *
     * @return whether the lead turned hot now
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean viewed(ViewedLead lead, Instant at) {
        if (!lead.status().canTurnHot()) {
            return false;
        }
        OrgSettings settings = orgSettings.find(lead.orgId());
        Instant windowStart = at.minus(Duration.ofMinutes(settings.hotLeadWindowMinutes()));
        Instant after = lead.becameHotAt() != null && lead.becameHotAt().isAfter(windowStart)
                ? lead.becameHotAt()
                : windowStart;
        int views = repository.viewsBetween(lead.id(), after, at);
        if (views < settings.hotLeadViews()) {
            return false;
        }
        // The move itself is the pipeline's, as for a rep's: event, realtime message, timeline entry.
        leads.changeStatus(lead.orgId(), lead.id(), LeadStatus.HOT, null, REASON);
        repository.markHot(lead.id(), at);
        outbox.publish(new LeadEvent.LeadBecameHot(
                lead.orgId(), lead.id(), lead.assigneeId(), views, settings.hotLeadWindowMinutes(), at));
        Map<String, Object> hot = new LinkedHashMap<>();
        hot.put("leadId", lead.id());
        hot.put("firstName", lead.firstName());
        hot.put("lastName", lead.lastName());
        hot.put("company", lead.company());
        hot.put("assigneeId", lead.assigneeId());
        hot.put("views", views);
        hot.put("windowMinutes", settings.hotLeadWindowMinutes());
        hot.put("becameHotAt", at);
        outbox.publish(RealtimeMessage.of(
                lead.orgId(), audience.channels(lead.orgId(), lead.id(), lead.assigneeId()), "lead.became_hot", hot));
        callQueue.enqueue(lead.orgId(), lead.id(), at);
        log.info(
                "lead turned hot: lead={} org={} views={} window={}m",
                lead.id(),
                lead.orgId(),
                views,
                settings.hotLeadWindowMinutes());
        return true;
    }
}
