package io.leadpulse.lead.leads;

import io.leadpulse.lead.accounts.User;
import io.leadpulse.lead.accounts.UserRepository;
import io.leadpulse.lead.settings.OrgSettingsRepository;
import io.leadpulse.lead.usage.Quota;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.security.CurrentUser;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and reads leads. An ADMIN sees every lead of its organisation, a REP only the leads
 * assigned to it, and nobody another organisation's. Every change is written with its event and
 * its realtime message in one transaction.
 */
@Service
public class LeadService {

    private static final Logger log = LoggerFactory.getLogger(LeadService.class);

    private final LeadRepository leads;
    private final UserRepository users;
    private final Outbox outbox;
    private final OrgSettingsRepository orgSettings;
    private final Quota quota;
    private final LeadAudience audience;

    LeadService(
            LeadRepository leads,
            UserRepository users,
            Outbox outbox,
            OrgSettingsRepository orgSettings,
            Quota quota,
            LeadAudience audience) {
        this.leads = leads;
        this.users = users;
        this.outbox = outbox;
        this.orgSettings = orgSettings;
        this.quota = quota;
        this.audience = audience;
    }

    @Transactional
    public Lead create(CurrentUser actor, NewLead request) {
        String email = blankToNull(request.email());
        email = email == null ? null : email.toLowerCase(Locale.ROOT);
        String rawPhone = blankToNull(request.phone());
        String phone = null;
        if (rawPhone != null) {
            phone = PhoneNumbers.toE164(rawPhone, orgSettings.phoneRegion(actor.orgId()))
                    .orElseThrow(() ->
                            new LeadRejected(LeadRejected.Reason.INVALID, "phone", "is not a valid phone number"));
        }
        if (email == null && phone == null) {
            throw new LeadRejected(LeadRejected.Reason.INVALID, "email", "either email or phone is required");
        }
        UUID assignee = assigneeFor(actor, request.assigneeId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Lead draft = new Lead(
                UUID.randomUUID(),
                actor.orgId(),
                request.firstName().trim(),
                blankToNull(request.lastName()),
                email,
                phone,
                blankToNull(request.company()),
                LeadStatus.NEW,
                assignee,
                normaliseTags(request.tags()),
                request.source() == null ? "api" : request.source(),
                null,
                0,
                0,
                0,
                0,
                BigDecimal.ZERO,
                null,
                now,
                now);
        if (quota.reserve(actor.orgId(), 1) == 0) {
            throw new LeadRejected(
                    LeadRejected.Reason.QUOTA_EXCEEDED,
                    null,
                    "the plan's lead limit is reached; upgrade the plan or delete leads");
        }
        Lead lead;
        try {
            String previewToken = leads.insert(draft);
            lead = withPreviewToken(draft, previewToken);
        } catch (DuplicateKeyException e) {
            String field = String.valueOf(e.getMessage()).contains("lead_org_phone") ? "phone" : "email";
            throw new LeadRejected(
                    LeadRejected.Reason.DUPLICATE, field, "a lead with this " + field + " already exists");
        }
        outbox.publish(new LeadEvent.LeadCreated(
                lead.orgId(),
                lead.id(),
                lead.firstName(),
                lead.lastName(),
                lead.email(),
                lead.phone(),
                lead.company(),
                lead.status().name(),
                lead.assigneeId(),
                lead.tags(),
                lead.source(),
                actor.id(),
                lead.createdAt()));
        outbox.publish(RealtimeMessage.of(
                lead.orgId(), audience.channels(lead.orgId(), lead.id(), lead.assigneeId()), "lead.created", lead));
        log.info("lead created: lead={} org={} assignee={}", lead.id(), lead.orgId(), lead.assigneeId());
        return lead;
    }

    @Transactional(readOnly = true)
    public Optional<Lead> find(CurrentUser actor, UUID id) {
        return leads.find(actor.orgId(), id).filter(lead -> maysee(actor, lead));
    }

    @Transactional(readOnly = true)
    public List<Lead> recent(CurrentUser actor, int limit) {
        return leads.page(actor.orgId(), actor.isAdmin() ? null : actor.id(), limit);
    }

    static boolean maysee(CurrentUser actor, Lead lead) {
        return lead.orgId().equals(actor.orgId())
                && (actor.isAdmin() || actor.id().equals(lead.assigneeId()));
    }

    private UUID assigneeFor(CurrentUser actor, UUID requested) {
        if (!actor.isAdmin()) {
            if (requested != null && !requested.equals(actor.id())) {
                throw new LeadRejected(
                        LeadRejected.Reason.INVALID, "assigneeId", "a rep can only assign leads to itself");
            }
            return actor.id();
        }
        if (requested == null) {
            return null;
        }
        User assignee = users.findInOrg(actor.orgId(), requested)
                .filter(User::active)
                .orElseThrow(() -> new LeadRejected(
                        LeadRejected.Reason.INVALID, "assigneeId", "is not an active user of this organisation"));
        return assignee.id();
    }

    private static Lead withPreviewToken(Lead l, String token) {
        return new Lead(
                l.id(),
                l.orgId(),
                l.firstName(),
                l.lastName(),
                l.email(),
                l.phone(),
                l.company(),
                l.status(),
                l.assigneeId(),
                l.tags(),
                l.source(),
                token,
                l.views(),
                l.ctaClicks(),
                l.secondsOnPage(),
                l.messages(),
                l.engagementScore(),
                l.becameHotAt(),
                l.createdAt(),
                l.updatedAt());
    }

    private static List<String> normaliseTags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        return tags.stream()
                .map(String::trim)
                .filter(tag -> !tag.isEmpty())
                .map(tag -> tag.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
